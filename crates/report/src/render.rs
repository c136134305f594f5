//! Renderers: leaves that turn a [`Report`](crate::Report) into text. Each reads the same
//! sorted diagnostics.

pub mod concise;
pub mod csv_out;
pub mod escape;
pub mod github;
pub mod html;
pub mod human;
mod human_fast;
pub mod json;
pub mod junit;
pub mod markdown;
mod pretty;
pub mod sarif;
pub mod statistics;

/// An output format of `rollcall check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
    Html,
    Csv,
}

impl Format {
    /// Every format, in the order of their numbers.
    pub const ALL: [Format; 9] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
        Format::Html,
        Format::Csv,
    ];

    /// The format numbered `i` (its place in [`Format::ALL`]).
    pub fn from_index(i: u16) -> Option<Format> {
        Self::ALL.get(usize::from(i)).copied()
    }
}

/// What rendering one unit's part needs besides the unit: how human and concise output draw,
/// and the run's rule table (SARIF's `ruleIndex`, the HTML page's rule numbers).
#[derive(Clone, Debug)]
pub struct Context {
    pub style: human::Style,
    pub rules: Vec<&'static rollcall_rules::RuleMeta>,
}

impl Context {
    /// The built-in catalog followed by `custom` rules (sorted by code, each once).
    pub fn new(style: human::Style, custom: &[&'static rollcall_rules::RuleMeta]) -> Self {
        Self {
            style,
            rules: rollcall_rules::all_rules()
                .chain(custom.iter().copied())
                .collect(),
        }
    }

    /// The context of a finished report.
    pub fn of(report: &crate::Report, style: human::Style) -> Self {
        Self::new(style, &report.custom_rules)
    }

    /// A rule's place in the rule table.
    pub fn rule_index(&self, code: &str) -> usize {
        self.rules.iter().position(|r| r.code == code).unwrap_or(0)
    }
}

/// One unit's part of the report in `format`, from its diagnostics: what a worker renders
/// while the account is in memory, so that only text waits for the report to be written.
/// `None` for human output, which also needs the account's sources
/// ([`human::render_unit`]).
pub fn unit_part(format: Format, unit: &crate::UnitReport, cx: &Context) -> Option<String> {
    Some(match format {
        Format::Human => return None,
        Format::Concise => concise::unit_part(unit, cx.style.show_waived),
        Format::Json => json::unit_fragment(unit),
        Format::Sarif => sarif::unit_part(unit, cx),
        Format::Github => github::unit_part(unit),
        Format::Junit => junit::unit_part(unit),
        Format::Markdown => markdown::unit_part(unit),
        Format::Html => html::unit_part(unit, cx),
        Format::Csv => csv_out::unit_part(unit),
    })
}

/// A unit's part in `format`: as the worker rendered it, or rendered now from its diagnostics.
pub(crate) fn part_of<'u>(
    format: Format,
    unit: &'u crate::UnitReport,
    report: &crate::Report,
    cx: &Context,
) -> std::io::Result<std::borrow::Cow<'u, str>> {
    if let Some(text) = unit.parts.get(format, report.spill.as_deref())? {
        return Ok(text);
    }
    Ok(std::borrow::Cow::Owned(
        unit_part(format, unit, cx).unwrap_or_default(),
    ))
}

/// Hands `f` each unit's part in `format`, in output order (the configuration's notices
/// first, with `notices`). A part read back from the spill file is read into one buffer used
/// for every part, so a portfolio's parts cost no allocation each.
pub(crate) fn each_part(
    format: Format,
    report: &crate::Report,
    cx: &Context,
    notices: bool,
    mut f: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let notices = report
        .notices
        .iter()
        .filter(|_| notices)
        .map(|u| std::io::Result::Ok(std::borrow::Cow::Borrowed(u)));
    for unit in notices.chain(report.each_unit(false)) {
        let unit = unit?;
        match unit
            .parts
            .get_into(format, report.spill.as_deref(), &mut buf)?
        {
            Some(text) => f(text)?,
            None => f(&unit_part(format, &unit, cx).unwrap_or_default())?,
        }
    }
    Ok(())
}

/// Renders a finished report in one format, whole.
pub fn render(format: Format, report: &crate::Report, style: human::Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Concise => concise::render(report, style.show_waived),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::Csv => csv_out::render(report),
    }
}

/// Writes a finished report in one format: streamed where the format can be (a portfolio's
/// report may be far larger than any one account); with `redact`, rendered whole and its
/// addresses replaced. Returns what the writing warns of (SARIF beyond GitHub's limits).
/// Every command that writes a report goes through here: the one format dispatch.
pub fn write(
    format: Format,
    report: &crate::Report,
    style: human::Style,
    redact: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<Vec<String>> {
    if redact {
        let text = crate::redact::emails(&render(format, report, style));
        w.write_all(text.as_bytes())?;
        return Ok(Vec::new());
    }
    match format {
        Format::Human => human::write(report, style, w)?,
        Format::Json => json::write(report, w)?,
        Format::Html => html::write(report, w)?,
        Format::Junit => junit::write(report, w)?,
        Format::Csv => csv_out::write(report, w)?,
        Format::Github => github::write(report, w)?,
        Format::Markdown => markdown::write(report, w)?,
        Format::Sarif => return Ok(sarif::write_measured(report, w)?.warnings()),
        Format::Concise => concise::write(report, &Context::of(report, style), w)?,
    }
    Ok(Vec::new())
}
