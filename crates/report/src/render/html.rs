//! One self-contained HTML report that stays usable at 10,000 customers: a summary first
//! (findings per severity and per rule, accounts by worst severity, as inline SVG charts drawn
//! here), then a customer table that sorts, searches and pages, and each customer's details
//! (role matrix, seats, findings) built by the page's script only when opened, from compact
//! data embedded once. No network: the Content-Security-Policy allows only the page's own
//! script and style, by hash, and `data:` images.
//!
//! The data is a JSON block (`<script type="application/json">`, which never runs), written
//! account by account into the output, so the report is never held whole in memory. Every
//! text from an input reaches the page through `textContent`, never as markup, and `<`, `>`
//! and `&` are escaped in the JSON, so no value can close the block.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use rollcall_rules::{RuleMeta, Severity};
use sha2::{Digest, Sha256};

use crate::render::escape::html as h;
use crate::report::{AccountReport, Money, Report};

const STYLE: &str = r"
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1280px}section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart h3{margin:4px 0;font-size:14px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right}.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:1px 6px;border-radius:10px}
.sev-error{background:#ffebe9;color:#cf222e}.sev-warning{background:#fff8c5;color:#9a6700}.sev-info{background:#ddf4ff;color:#0969da}
.controls{position:sticky;top:0;background:#f6f8fa;padding:8px 0;border-bottom:1px solid #d0d7de;z-index:1}
.controls label{margin-right:12px}th button{font:inherit;font-weight:600;border:0;background:none;cursor:pointer;padding:0}
button.open{font:inherit;color:#0969da;background:none;border:0;padding:0;cursor:pointer;text-align:left}
code{font-size:12px}.muted{color:#656d76}.role{font-size:12px;font-weight:600}tr.current{background:#ddf4ff}
";

const SCRIPT: &str = r"
(function(){
  'use strict';
  var D = JSON.parse(document.getElementById('rollcall-data').textContent);
  var SEV = ['error', 'warning', 'info'];
  var rules = D.rules, help = D.help, accounts = D.accounts;
  var state = {sort: 'name', desc: false, page: 0, size: 50, query: '', rule: -1};
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function shownSeverities() {
    var s = {};
    SEV.forEach(function(v){ s[v] = document.getElementById('filter-' + v).checked; });
    return s;
  }
  function hasRule(a, r) {
    for (var i = 0; i < a[11].length; i++) if (a[11][i][1] === r) return true;
    return false;
  }
  function key(a) {
    switch (state.sort) {
      case 'errors': return a[3];
      case 'warnings': return a[4];
      case 'infos': return a[5];
      case 'savings': return a[6] ? a[6][0] : -1;
      case 'worst': return a[7] < 0 ? '' : rules[a[7]][0];
      default: return a[0].toLowerCase();
    }
  }
  function rows() {
    var q = state.query, list = [];
    for (var i = 0; i < accounts.length; i++) {
      var a = accounts[i];
      if (q && a[0].toLowerCase().indexOf(q) < 0 && a[1].toLowerCase().indexOf(q) < 0) continue;
      if (state.rule >= 0 && !hasRule(a, state.rule)) continue;
      list.push(i);
    }
    list.sort(function(x, y){
      var kx = key(accounts[x]), ky = key(accounts[y]);
      var c = kx < ky ? -1 : kx > ky ? 1 : x - y;
      return state.desc ? -c : c;
    });
    return list;
  }
  function table() {
    var list = rows(), pages = Math.max(1, Math.ceil(list.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var body = document.getElementById('accounts-body');
    body.textContent = '';
    list.slice(state.page * state.size, (state.page + 1) * state.size).forEach(function(i){
      var a = accounts[i], tr = el('tr');
      tr.dataset.index = i;
      var td = el('td'), b = el('button', a[0], 'open');
      b.addEventListener('click', function(){ details(i); });
      td.appendChild(b);
      tr.appendChild(td);
      if (!a[2]) { tr.appendChild(el('td', 'not audited')); tr.lastChild.colSpan = 3; }
      else [3, 4, 5].forEach(function(k){ tr.appendChild(el('td', a[k], 'num')); });
      tr.appendChild(el('td', a[6] ? a[6][1] : '-', 'num'));
      tr.appendChild(el('td', a[7] < 0 ? '' : rules[a[7]][0] + ' ' + rules[a[7]][1]));
      body.appendChild(tr);
    });
    document.getElementById('page').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
    document.getElementById('matching').textContent = list.length;
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }
  function bar(seats, assigned) {
    if (assigned === null) return el('span', 'assignments unknown', 'muted');
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '210'); svg.setAttribute('height', '14'); svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', assigned + ' of ' + seats + ' seats assigned');
    var ratio = seats === 0 ? (assigned > 0 ? 1 : 0) : Math.min(1, assigned / seats);
    var color = assigned > seats ? '#cf222e' : assigned < seats ? '#bf8700' : '#1a7f37';
    [[200, '#eaeef2'], [200 * ratio, color]].forEach(function(r){
      var rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', '0'); rect.setAttribute('y', '1'); rect.setAttribute('height', '12');
      rect.setAttribute('rx', '2'); rect.setAttribute('width', r[0].toFixed(1)); rect.setAttribute('fill', r[1]);
      svg.appendChild(rect);
    });
    var span = el('span'); span.appendChild(svg); span.appendChild(document.createTextNode(' ' + assigned + ' / ' + seats));
    return span;
  }
  function roleMatrix(box, a) {
    var contracts = a[9], teams = a[10];
    if (!contracts.length && !teams.length) return;
    var people = {};
    contracts.forEach(function(c){ if (c[1]) people[c[1]] = 1; (c[3] || []).forEach(function(p){ people[p] = 1; }); });
    teams.forEach(function(t){ if (t[1]) people[t[1]] = 1; t[2].concat(t[3]).forEach(function(p){ people[p] = 1; }); });
    box.appendChild(el('h3', 'Role matrix'));
    var t = el('table', null, 'roles'), head = el('tr');
    head.appendChild(el('th', 'person'));
    contracts.forEach(function(c){ head.appendChild(el('th', 'contract ' + c[0])); });
    teams.forEach(function(m){ head.appendChild(el('th', 'team ' + m[0])); });
    t.appendChild(head);
    var unknown = false;
    Object.keys(people).sort().forEach(function(p){
      var tr = el('tr'); tr.appendChild(el('td', p));
      contracts.forEach(function(c){
        var r = [];
        if (c[1] === p) r.push('CM');
        if (c[3] && c[3].indexOf(p) >= 0) r.push('SC');
        else if (c[3] && !c[3].length && c[1] === p) r.push('SC (by default)');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      teams.forEach(function(m){
        var r = [];
        if (m[1] === p) r.push('primary');
        if (m[2].indexOf(p) >= 0) r.push('secondary');
        if (m[3].indexOf(p) >= 0) r.push('SSO');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      t.appendChild(tr);
    });
    contracts.forEach(function(c){ if (c[2] || c[3] === null) unknown = true; });
    if (unknown) {
      var tr = el('tr', null, 'unknown'); tr.appendChild(el('td', 'unknown'));
      contracts.forEach(function(c){
        var r = []; if (c[2]) r.push('CM'); if (c[3] === null) r.push('SC');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      teams.forEach(function(){ tr.appendChild(el('td', '', 'role')); });
      t.appendChild(tr);
    }
    box.appendChild(t);
  }
  function findings(box, a) {
    var shown = shownSeverities(), list = a[11], files = a[8];
    var count = el('span', '', 'visible-count'), h = el('h3', 'Findings (');
    h.appendChild(count); h.appendChild(document.createTextNode(')'));
    box.appendChild(h);
    var t = el('table', null, 'findings'), head = el('tr');
    ['severity', 'rule', 'finding', 'where'].forEach(function(c){ head.appendChild(el('th', c)); });
    t.appendChild(head);
    var n = 0;
    list.forEach(function(f){
      var sev = SEV[f[0]];
      if (!shown[sev] || (state.rule >= 0 && f[1] !== state.rule)) return;
      n++;
      var tr = el('tr', null, 'finding');
      tr.dataset.severity = sev; tr.dataset.rule = rules[f[1]][0];
      var s = el('td'); s.appendChild(el('span', sev, 'sev sev-' + sev)); tr.appendChild(s);
      var r = el('td'); r.appendChild(el('code', rules[f[1]][0])); r.appendChild(document.createTextNode(' ' + rules[f[1]][1])); tr.appendChild(r);
      var m = el('td', f[2]);
      if (f[3] >= 0) { m.appendChild(el('br')); m.appendChild(el('span', help[f[3]], 'muted')); }
      if (f[7] !== null) { m.appendChild(el('br')); m.appendChild(el('em', 'waived: ' + f[7])); }
      tr.appendChild(m);
      var w = el('td'); w.appendChild(el('code', files[f[4]] + ':' + f[5] + ':' + f[6])); tr.appendChild(w);
      t.appendChild(tr);
    });
    count.textContent = n;
    box.appendChild(t);
  }
  var current = -1;
  function details(i) {
    current = i;
    var a = accounts[i], box = document.getElementById('details');
    box.textContent = '';
    box.hidden = false;
    box.appendChild(el('h2', a[0]));
    var p = el('p', null, 'muted'); p.appendChild(el('code', a[1])); box.appendChild(p);
    if (!a[2]) { box.appendChild(el('p', 'Not audited: an input failed to load.')); return; }
    if (a[6]) box.appendChild(el('p', 'Reclaimable seats: ' + a[6][1] + ' a year', 'savings'));
    roleMatrix(box, a);
    var products = [];
    a[9].forEach(function(c){ c[4].forEach(function(pr){ products.push([c[0], pr]); }); });
    if (products.length) {
      box.appendChild(el('h3', 'Seats'));
      var t = el('table', null, 'seats'), head = el('tr');
      ['contract', 'product', 'use'].forEach(function(c){ head.appendChild(el('th', c)); });
      t.appendChild(head);
      products.forEach(function(x){
        var tr = el('tr'); tr.appendChild(el('td', x[0])); tr.appendChild(el('td', x[1][0]));
        var u = el('td'); u.appendChild(bar(x[1][1], x[1][2])); tr.appendChild(u);
        t.appendChild(tr);
      });
      box.appendChild(t);
    }
    findings(box, a);
    box.scrollIntoView();
  }
  function refresh() { table(); if (current >= 0) details(current); }
  document.getElementById('search').addEventListener('input', function(e){
    state.query = e.target.value.trim().toLowerCase(); state.page = 0; table();
  });
  document.getElementById('rule-filter').addEventListener('change', function(e){
    state.rule = e.target.value === '' ? -1 : Number(e.target.value); state.page = 0; refresh();
  });
  SEV.forEach(function(v){ document.getElementById('filter-' + v).addEventListener('change', refresh); });
  document.getElementById('prev').addEventListener('click', function(){ state.page--; table(); });
  document.getElementById('next').addEventListener('click', function(){ state.page++; table(); });
  document.querySelectorAll('th button[data-sort]').forEach(function(b){
    b.addEventListener('click', function(){
      var s = b.dataset.sort;
      if (state.sort === s) state.desc = !state.desc;
      else { state.sort = s; state.desc = s !== 'name'; }
      state.page = 0; table();
    });
  });
  var select = document.getElementById('rule-filter');
  rules.forEach(function(r, i){ var o = el('option', r[0] + ' ' + r[1]); o.value = String(i); select.appendChild(o); });
  table();
})();
";

/// `'sha256-...'` of a text, for the Content-Security-Policy.
fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// JSON text safe inside a `<script type="application/json">` block.
fn json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A horizontal bar chart: one labelled bar per (label, count, colour).
fn chart(title: &str, bars: &[(String, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 20;
    let height = row * bars.len().max(1) + 4;
    let mut s = format!(
        "<div class=\"chart\"><h3>{}</h3><svg width=\"420\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        h(title),
        h(title)
    );
    for (i, (label, n, color)) in bars.iter().enumerate() {
        let y = i * row + 2;
        #[allow(clippy::cast_precision_loss)]
        let w = 220.0 * (*n as f64) / (max as f64);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"150\" y=\"{y}\" width=\"{w:.1}\" height=\"14\" fill=\"{color}\" rx=\"2\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{n}</text>",
            y + 12,
            h(label),
            154.0 + w,
            y + 12
        );
    }
    s.push_str("</svg></div>");
    s
}

const COLORS: [&str; 3] = ["#cf222e", "#bf8700", "#0969da"];

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The summary charts: findings per severity, accounts by worst severity, findings per rule.
fn summary_charts(accounts: &[&AccountReport]) -> String {
    let mut per_sev = [0usize; 3];
    let mut worst = [0usize; 5]; // error, warning, info, clean, not audited
    let mut per_rule: BTreeMap<&str, (usize, &'static RuleMeta)> = BTreeMap::new();
    for a in accounts {
        if !a.audited && !a.name.is_empty() {
            worst[4] += 1;
            continue;
        }
        let mut w: Option<Severity> = None;
        for d in &a.diagnostics {
            if d.waived.is_some() {
                continue;
            }
            per_sev[sev_index(d.severity)] += 1;
            per_rule.entry(d.rule.code).or_insert((0, d.rule)).0 += 1;
            w = w.max(Some(d.severity));
        }
        worst[w.map_or(3, sev_index)] += 1;
    }
    let sev_bars: Vec<(String, usize, &str)> = ["errors", "warnings", "infos"]
        .iter()
        .enumerate()
        .map(|(i, l)| ((*l).to_owned(), per_sev[i], COLORS[i]))
        .collect();
    let worst_bars: Vec<(String, usize, &str)> = [
        ("error", COLORS[0]),
        ("warning", COLORS[1]),
        ("info", COLORS[2]),
        ("no findings", "#1a7f37"),
        ("not audited", "#656d76"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (l, c))| ((*l).to_owned(), worst[i], *c))
    .collect();
    let mut rules: Vec<(usize, &'static RuleMeta)> = per_rule.into_values().collect();
    rules.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
    let mut rule_bars: Vec<(String, usize, &str)> = rules
        .iter()
        .take(15)
        .map(|(n, r)| (r.code.to_owned(), *n, COLORS[sev_index(r.severity)]))
        .collect();
    let rest: usize = rules.iter().skip(15).map(|(n, _)| n).sum();
    if rest > 0 {
        rule_bars.push((format!("{} more rules", rules.len() - 15), rest, "#656d76"));
    }
    format!(
        "<section class=\"summary\"><h2>Summary</h2><div class=\"charts\">{}{}{}</div></section>",
        chart("Findings by severity (not waived)", &sev_bars),
        chart("Accounts by worst finding", &worst_bars),
        chart("Findings by rule", &rule_bars)
    )
}

/// Indexes of the rules and help texts the data names, in the order first met.
#[derive(Default)]
struct Tables {
    rules: Vec<&'static RuleMeta>,
    help: Vec<String>,
    help_index: BTreeMap<String, usize>,
}

impl Tables {
    fn rule(&mut self, r: &'static RuleMeta) -> usize {
        match self.rules.iter().position(|x| std::ptr::eq(*x, r)) {
            Some(i) => i,
            None => {
                self.rules.push(r);
                self.rules.len() - 1
            }
        }
    }

    fn help(&mut self, text: &str) -> usize {
        if let Some(i) = self.help_index.get(text) {
            return *i;
        }
        self.help.push(text.to_owned());
        self.help_index.insert(text.to_owned(), self.help.len() - 1);
        self.help.len() - 1
    }
}

fn money(m: &Money) -> serde_json::Value {
    #[allow(clippy::cast_precision_loss)]
    let cents = m.cents as f64;
    serde_json::json!([cents, m.to_string()])
}

/// One account as the page's compact record: [name, path, audited, errors, warnings, infos,
/// savings, worst rule, files, contracts, teams, findings].
fn record(a: &AccountReport, t: &mut Tables) -> serde_json::Value {
    use serde_json::json;
    // The configuration's notices (expired and unused waivers) belong to no account.
    let (name, audited) = if a.name.is_empty() {
        ("Configuration (waivers)", true)
    } else {
        (a.name.as_str(), a.audited)
    };
    let mut files: Vec<&str> = Vec::new();
    let findings: Vec<serde_json::Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let file = match files.iter().position(|f| *f == d.at.file) {
                Some(i) => i,
                None => {
                    files.push(&d.at.file);
                    files.len() - 1
                }
            };
            let help = d
                .help
                .as_deref()
                .map_or(-1, |x| i64::try_from(t.help(x)).unwrap_or(-1));
            json!([
                sev_index(d.severity),
                t.rule(d.rule),
                d.message,
                help,
                file,
                d.at.line,
                d.at.column,
                d.waived.as_ref().map(|w| w.reason.as_str())
            ])
        })
        .collect();
    // A holder gone or leaving is shown with the mark after their address, in every cell
    // that names them (the page's script matches people by the text).
    let marks = crate::holders::marks(a);
    let mark = |holder: &String| crate::holders::marked(&marks, holder);
    let marked = |list: &Vec<String>| list.iter().map(mark).collect::<Vec<_>>();
    let contracts: Vec<serde_json::Value> = a
        .overview
        .contracts
        .iter()
        .map(|c| {
            let products: Vec<serde_json::Value> = c
                .products
                .iter()
                .map(|p| json!([p.name, p.seats, p.assigned]))
                .collect();
            json!([
                c.number,
                c.contract_manager.as_ref().map(mark),
                u8::from(c.manager_unknown),
                c.coordinators.as_ref().map(marked),
                products
            ])
        })
        .collect();
    let teams: Vec<serde_json::Value> = a
        .overview
        .teams
        .iter()
        .map(|m| {
            json!([
                m.name,
                m.primary_admin.as_ref().map(mark),
                marked(&m.secondary_admins),
                marked(&m.sso_admins)
            ])
        })
        .collect();
    let worst = a
        .tally
        .worst
        .map_or(-1, |r| i64::try_from(t.rule(r)).unwrap_or(-1));
    json!([
        name,
        a.path,
        u8::from(audited),
        a.tally.errors,
        a.tally.warnings,
        a.tally.infos,
        a.savings.as_ref().map(money),
        worst,
        files,
        contracts,
        teams,
        findings
    ])
}

/// Writes the report into `out`, account by account.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let accounts: Vec<&AccountReport> = report
        .notices
        .iter()
        .filter_map(|n| n.account.as_ref())
        .chain(report.accounts())
        .collect();
    let mut head = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
    let _ = write!(
        head,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'\">",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let _ = write!(
        head,
        "<title>rollcall audit</title><style>{STYLE}</style></head><body><header><h1>rollcall audit</h1>"
    );
    let _ = write!(
        head,
        "<div>{} accounts, {} files read, {} failed: {} errors, {} warnings, {} infos, {} waived</div></header><main>",
        s.accounts, s.files_read, s.files_failed, s.errors, s.warnings, s.infos, s.waived
    );
    if let Some(savings) = &s.savings {
        let totals: Vec<String> = savings
            .iter()
            .map(|(c, cents)| {
                h(&Money {
                    cents: *cents,
                    currency: c.clone(),
                }
                .to_string())
            })
            .collect();
        let _ = write!(
            head,
            "<p class=\"savings\">Reclaimable seats, each counted once: <strong>{}</strong> a year</p>",
            totals.join(", ")
        );
    }
    head.push_str(&summary_charts(&accounts));
    head.push_str("<section class=\"customers\"><h2>Customers</h2><div class=\"controls\"><label>search: <input type=\"search\" id=\"search\" placeholder=\"name or folder\"></label> show: ");
    for sev in ["error", "warning", "info"] {
        let _ = write!(head, "<label><input type=\"checkbox\" class=\"sev-filter\" id=\"filter-{sev}\" value=\"{sev}\" checked> {sev}</label>");
    }
    head.push_str("<label>rule: <select id=\"rule-filter\"><option value=\"\">all rules</option></select></label>");
    head.push_str("<button id=\"prev\">previous</button> <span id=\"page\"></span> <button id=\"next\">next</button> <span class=\"muted\"><span id=\"matching\"></span> matching</span></div>");
    head.push_str("<table id=\"accounts\"><thead><tr>");
    for (key, label) in [
        ("name", "account"),
        ("errors", "errors"),
        ("warnings", "warnings"),
        ("infos", "infos"),
        ("savings", "savings"),
        ("worst", "worst rule"),
    ] {
        let _ = write!(
            head,
            "<th><button data-sort=\"{key}\">{label}</button></th>"
        );
    }
    head.push_str("</tr></thead><tbody id=\"accounts-body\"></tbody></table></section><section id=\"details\" hidden></section>");
    let errors = report.all_errors();
    if !errors.is_empty() {
        head.push_str("<section class=\"errors\"><h2>Inputs that could not be read</h2><ul>");
        for e in errors {
            let _ = write!(head, "<li>{}</li>", h(&e.to_string()));
        }
        head.push_str("</ul></section>");
    }
    head.push_str("</main><script type=\"application/json\" id=\"rollcall-data\">{\"accounts\":[");
    out.write_all(head.as_bytes())?;
    let mut tables = Tables::default();
    let mut first = true;
    for a in &accounts {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(json(&record(a, &mut tables)).as_bytes())?;
        out.write_all(b"\n")?;
    }
    let rules: Vec<serde_json::Value> = tables
        .rules
        .iter()
        .map(|r| serde_json::json!([r.code, r.name]))
        .collect();
    let tail = format!(
        "],\"rules\":{},\"help\":{}}}</script><script>{SCRIPT}</script></body></html>\n",
        json(&serde_json::Value::Array(rules)),
        json(&serde_json::json!(tables.help))
    );
    out.write_all(tail.as_bytes())
}

/// The report as one string (for `--redact`, which edits the finished text).
pub fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}
