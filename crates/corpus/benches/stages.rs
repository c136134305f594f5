//! Stage benchmarks: loading (YAML, JSON, CSV), rule evaluation (and its scaling with the
//! account's size, up to 50,000 users), and rendering.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rollcall_corpus::generate::account_of_size;
use rollcall_engine::input::exports::{find_header, read_export};
use rollcall_engine::input::table::{decode, parse_csv};
use rollcall_engine::input::{snapshot, yaml};
use rollcall_model::{Day, FileId};
use rollcall_rules::{check_account, Options};

/// The snapshot as JSON, through rollcall's own tree (so both forms hold the same data).
fn to_json(node: &yaml::Node) -> serde_json::Value {
    match node {
        yaml::Node::Null(_) => serde_json::Value::Null,
        yaml::Node::Scalar(s) => {
            if !s.quoted {
                if let Ok(n) = s.text.parse::<u64>() {
                    return serde_json::Value::from(n);
                }
                if s.text == "true" || s.text == "false" {
                    return serde_json::Value::Bool(s.text == "true");
                }
            }
            serde_json::Value::String(s.text.to_string())
        }
        yaml::Node::Seq(items, _) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        yaml::Node::Map(entries, _) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.text.to_string(), to_json(v)))
                .collect(),
        ),
    }
}

fn today() -> Day {
    Day::from_ymd(2026, 11, 1).unwrap()
}

fn load(c: &mut Criterion) {
    let (yaml_text, exports) = account_of_size(2000, 7);
    let json_text =
        serde_json::to_string_pretty(&to_json(&yaml::parse(&yaml_text).unwrap())).unwrap();
    let users_csv = exports[1].1.clone();
    let mut g = c.benchmark_group("load");
    g.throughput(Throughput::Bytes(yaml_text.len() as u64));
    g.bench_function("snapshot_yaml_2000_users", |b| {
        b.iter(|| snapshot::read(black_box(&yaml_text), "a.yaml", FileId(0)).ok());
    });
    g.throughput(Throughput::Bytes(json_text.len() as u64));
    g.bench_function("snapshot_json_2000_users", |b| {
        b.iter(|| snapshot::read(black_box(&json_text), "a.json", FileId(0)).ok());
    });
    g.throughput(Throughput::Bytes(users_csv.len() as u64));
    g.bench_function("users_csv_2000_users", |b| {
        b.iter(|| {
            let text = decode(black_box(users_csv.as_bytes()), "u.csv").unwrap();
            let table = parse_csv(&text, "u.csv").unwrap();
            let (h, k) =
                find_header(&table, 1, &rollcall_engine::input::Aliases::default()).unwrap();
            read_export(
                &table,
                h,
                k,
                FileId(0),
                "u.csv",
                &rollcall_engine::input::Aliases::default(),
            )
            .ok()
        });
    });
    g.finish();
}

fn rules(c: &mut Criterion) {
    let mut g = c.benchmark_group("rules");
    g.sample_size(20);
    for users in [500, 5_000, 50_000] {
        let (text, _) = account_of_size(users, 11);
        let account = snapshot::read(&text, "a.yaml", FileId(0))
            .ok()
            .unwrap()
            .account;
        g.throughput(Throughput::Elements(users as u64));
        g.bench_with_input(BenchmarkId::new("all_rules", users), &account, |b, a| {
            b.iter(|| check_account(black_box(a), today(), &Options::default()));
        });
    }
    g.finish();
}

fn render(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("rollcall-bench-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    rollcall_corpus::generate::portfolio(200, 3, &dir).unwrap();
    let settings = rollcall_engine::Settings::new(today());
    let report = rollcall_engine::run(std::slice::from_ref(&dir), &settings, &|_, _| String::new());
    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    let n = report.diagnostics().count() as u64;
    g.throughput(Throughput::Elements(n));
    g.bench_function("json_200_customers", |b| {
        b.iter(|| rollcall_engine::report::render::json::render(black_box(&report)));
    });
    g.bench_function("sarif_200_customers", |b| {
        b.iter(|| rollcall_engine::report::render::sarif::render(black_box(&report)));
    });
    g.bench_function("human_200_customers", |b| {
        b.iter(|| {
            rollcall_engine::run(std::slice::from_ref(&dir), &settings, &|u, s| {
                rollcall_engine::report::render::human::render_unit(
                    u,
                    s,
                    rollcall_engine::report::render::human::Style::default(),
                )
            })
        });
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, load, rules, render);
criterion_main!(benches);
