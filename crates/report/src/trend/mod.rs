//! Progress over time: a folder of JSON reports (one a run, as `check --history` writes them)
//! read in the order of their `run.today`, and, for the portfolio and each account, what was
//! open in each run, what was new, fixed and back between consecutive runs, and how long fixes
//! took. Findings are compared by the baseline's key (rule, account, subject), never by line.
//!
//! Findings with one key are counted as the baseline counts them: a key found twice is two
//! findings, and a run that finds it once fixed one of them. An account absent from a run (or
//! not audited in it) is unknown there, not clean: it is compared with its own last run when it
//! comes back.
//!
//! The folder is read twice, in parallel: once for each report's day, then in the days' order,
//! a batch at a time, so that memory holds the findings still open, not the whole series.

mod read;
pub mod render;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rollcall_model::Day;
use rollcall_source::InputError;
use serde::{Deserialize, Serialize};

pub use read::{AccountRun, ReadReport};

/// Open findings of one run by severity (waived ones apart).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Open {
    pub error: u64,
    pub warning: u64,
    pub info: u64,
    /// Findings a waiver silenced, not counted above.
    pub waived: u64,
}

impl Open {
    fn add(&mut self, o: &Open) {
        self.error += o.error;
        self.warning += o.warning;
        self.info += o.info;
        self.waived += o.waived;
    }

    /// Errors and warnings: what "worse" compares.
    pub fn serious(&self) -> u64 {
        self.error + self.warning
    }
}

/// Fixes: how many, the median and the longest time from the run where a finding was last new
/// to the run where it was fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FixTimes {
    pub fixed: u64,
    pub median_days: Option<i64>,
    pub longest_days: Option<i64>,
}

impl FixTimes {
    /// The median of an even count is the lower of the two middle values.
    fn of(days: &mut [i64]) -> Self {
        days.sort_unstable();
        Self {
            fixed: days.len() as u64,
            median_days: (!days.is_empty()).then(|| days[(days.len() - 1) / 2]),
            longest_days: days.last().copied(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TimeToFix {
    #[serde(flatten)]
    pub overall: FixTimes,
    pub by_rule: BTreeMap<String, FixTimes>,
}

impl TimeToFix {
    fn of(fixes: &[(String, i64)]) -> Self {
        let mut all: Vec<i64> = fixes.iter().map(|(_, d)| *d).collect();
        let mut per: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (rule, d) in fixes {
            per.entry(rule.clone()).or_default().push(*d);
        }
        Self {
            overall: FixTimes::of(&mut all),
            by_rule: per
                .into_iter()
                .map(|(r, mut d)| (r, FixTimes::of(&mut d)))
                .collect(),
        }
    }
}

/// What a finding is about, as the JSON report gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Subject {
    pub contract: Option<String>,
    pub team: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
}

/// A finding's key within its account: the baseline's key less the account.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingKey {
    pub rule: String,
    pub subject: Subject,
}

/// A finding open in an account's last run, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StillOpen {
    pub rule: String,
    pub subject: Subject,
    pub since: String,
    pub age_days: i64,
}

/// The series of one account, or of the portfolio: one entry per run it appears in.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Series {
    pub runs: Vec<String>,
    pub open: Vec<Open>,
    /// Reclaimable seats' yearly cost per currency, in cents, as the report gave it.
    #[serde(serialize_with = "render::savings_list")]
    pub savings: Vec<BTreeMap<String, u64>>,
    pub new: Vec<u64>,
    pub fixed: Vec<u64>,
    pub back: Vec<u64>,
    pub time_to_fix: TimeToFix,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccountTrend {
    pub name: String,
    #[serde(flatten)]
    pub series: Series,
    pub still_open: Vec<StillOpen>,
}

/// An account whose count of errors and warnings rose in the latest run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Worse {
    pub name: String,
    pub before: u64,
    pub now: u64,
}

/// The trend of a series of reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trend {
    pub version: u32,
    pub runs: Vec<String>,
    /// The report each run was read from, in the same order.
    pub files: Vec<String>,
    pub portfolio: Series,
    pub accounts: Vec<AccountTrend>,
    /// Names, most risen first (see [`Trend::worse_by`] for the figures).
    #[serde(serialize_with = "render::worse_names")]
    pub worse: Vec<Worse>,
}

/// What an account carries from run to run.
#[derive(Default)]
struct State {
    trend: AccountTrend,
    /// Open findings: the day each occurrence's current stretch started (last pushed, first
    /// fixed: a finding found once more is the newer one, so the older stretch goes on).
    open: HashMap<FindingKey, Vec<Day>>,
    /// Occurrences fixed and not yet back.
    gone: HashMap<FindingKey, u64>,
    fixes: Vec<(String, i64)>,
    last_day: Option<Day>,
}

impl State {
    fn step(&mut self, day: Day, run: &AccountRun) -> (u64, u64, u64) {
        let mut now: HashMap<&FindingKey, u64> = HashMap::with_capacity(run.findings.len());
        for k in &run.findings {
            *now.entry(k).or_insert(0) += 1;
        }
        let (mut new, mut fixed, mut back) = (0, 0, 0);
        for (&k, &n) in &now {
            let before = self.open.get(k).map_or(0, |v| v.len() as u64);
            if n > before {
                let added = n - before;
                new += added;
                if let Some(g) = self.gone.get_mut(k) {
                    let b = added.min(*g);
                    back += b;
                    *g -= b;
                }
                let starts = self.open.entry(k.clone()).or_default();
                starts.extend(std::iter::repeat_n(
                    day,
                    usize::try_from(added).unwrap_or(0),
                ));
            }
        }
        let mut emptied = Vec::new();
        for (k, starts) in &mut self.open {
            let n = now.get(k).copied().unwrap_or(0);
            let before = starts.len() as u64;
            if before > n {
                let gone = before - n;
                fixed += gone;
                for _ in 0..gone {
                    if let Some(start) = starts.pop() {
                        self.fixes.push((k.rule.clone(), day.days_since(start)));
                    }
                }
                *self.gone.entry(k.clone()).or_insert(0) += gone;
                if starts.is_empty() {
                    emptied.push(k.clone());
                }
            }
        }
        for k in emptied {
            self.open.remove(&k);
        }
        let s = &mut self.trend.series;
        s.runs.push(day.to_string());
        s.open.push(run.open);
        s.savings.push(run.savings.clone());
        s.new.push(new);
        s.fixed.push(fixed);
        s.back.push(back);
        self.last_day = Some(day);
        (new, fixed, back)
    }

    fn finish(mut self) -> AccountTrend {
        self.trend.series.time_to_fix = TimeToFix::of(&self.fixes);
        let last = self.last_day;
        let mut still: Vec<StillOpen> = self
            .open
            .into_iter()
            .flat_map(|(k, starts)| {
                starts.into_iter().map(move |d| StillOpen {
                    rule: k.rule.clone(),
                    subject: k.subject.clone(),
                    since: d.to_string(),
                    age_days: last.map_or(0, |l| l.days_since(d)),
                })
            })
            .collect();
        still.sort_by(|a, b| (&a.rule, &a.subject, &a.since).cmp(&(&b.rule, &b.subject, &b.since)));
        self.trend.still_open = still;
        self.trend
    }
}

/// A report's day, and where the report says it (line, column).
type Dated = (Day, (u32, u32));

/// The trend of the reports `files` (name as shown, text loader); `keep(account)` selects
/// the accounts (`--account`). Reports that cannot be read, and reports of a day another
/// report has too, are returned as errors; the trend is that of the others.
pub fn trend<L>(
    files: &[String],
    load: L,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> (Trend, Vec<InputError>)
where
    L: Fn(&str) -> Result<String, InputError> + Sync,
{
    let mut errors = Vec::new();
    // The first pass: each report's day.
    let days: Vec<Result<Dated, InputError>> = files
        .par_iter()
        .map(|f| load(f).and_then(|text| read::day_of(&text, f)))
        .collect();
    let mut dated: Vec<(Day, &String, (u32, u32))> = Vec::new();
    for (f, d) in files.iter().zip(days) {
        match d {
            Ok((day, at)) => dated.push((day, f, at)),
            Err(e) => errors.push(e),
        }
    }
    dated.sort();
    let mut runs: Vec<(Day, &String)> = Vec::new();
    let mut i = 0;
    while i < dated.len() {
        let j = dated[i..].iter().take_while(|d| d.0 == dated[i].0).count() + i;
        if j - i == 1 {
            runs.push((dated[i].0, dated[i].1));
        } else {
            let names: Vec<&str> = dated[i..j].iter().map(|d| d.1.as_str()).collect();
            for (day, f, (line, column)) in &dated[i..j] {
                let others: Vec<&str> = names.iter().copied().filter(|n| n != f).collect();
                errors.push(
                    InputError::new(
                        f,
                        *line,
                        *column,
                        "rollcall::trend",
                        format!(
                            "two reports of {day}: this one and {}; a day has one run",
                            others.join(", ")
                        ),
                    )
                    .with_help(
                        "keep one report a day: `check --history` replaces the day's report",
                    ),
                );
            }
        }
        i = j;
    }

    let mut out = Trend {
        version: 1,
        ..Trend::default()
    };
    let mut accounts: BTreeMap<String, State> = BTreeMap::new();
    // Reports read at once: enough to keep every core busy, few enough to bound memory.
    let batch_size = rayon::current_num_threads().max(2);
    for batch in runs.chunks(batch_size) {
        let read: Vec<Result<ReadReport, InputError>> = batch
            .par_iter()
            .map(|(_, f)| load(f).and_then(|text| read::report(&text, f, keep)))
            .collect();
        for ((day, f), r) in batch.iter().zip(read) {
            let report = match r {
                Ok(r) => r,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut open = Open::default();
            let mut savings: BTreeMap<String, u64> = BTreeMap::new();
            let (mut new, mut fixed, mut back) = (0, 0, 0);
            for (name, run) in &report.accounts {
                let state = accounts.entry(name.clone()).or_insert_with(|| State {
                    trend: AccountTrend {
                        name: name.clone(),
                        ..AccountTrend::default()
                    },
                    ..State::default()
                });
                let (n, x, b) = state.step(*day, run);
                new += n;
                fixed += x;
                back += b;
                open.add(&run.open);
                for (c, v) in &run.savings {
                    let total = savings.entry(c.clone()).or_insert(0);
                    *total = total.saturating_add(*v);
                }
            }
            out.runs.push(day.to_string());
            out.files.push((*f).clone());
            let p = &mut out.portfolio;
            p.runs.push(day.to_string());
            p.open.push(open);
            p.savings.push(savings);
            p.new.push(new);
            p.fixed.push(fixed);
            p.back.push(back);
        }
    }
    let mut all_fixes = Vec::new();
    let last_run = out.runs.last().cloned();
    for (name, state) in accounts {
        all_fixes.extend(state.fixes.iter().cloned());
        // The configuration's notices count in the portfolio only: they are no account's.
        if name.is_empty() {
            continue;
        }
        let a = state.finish();
        let s = &a.series;
        let n = s.runs.len();
        if n >= 2 && s.runs.last() == last_run.as_ref() {
            let (before, now) = (s.open[n - 2].serious(), s.open[n - 1].serious());
            if now > before {
                out.worse.push(Worse {
                    name: a.name.clone(),
                    before,
                    now,
                });
            }
        }
        out.accounts.push(a);
    }
    out.portfolio.time_to_fix = TimeToFix::of(&all_fixes);
    out.worse.sort_by(|a, b| {
        (b.now - b.before)
            .cmp(&(a.now - a.before))
            .then_with(|| a.name.cmp(&b.name))
    });
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    (out, errors)
}

#[cfg(test)]
mod tests;
