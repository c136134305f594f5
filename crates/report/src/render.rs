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
        Format::Concise => w.write_all(concise::render(report, style.show_waived).as_bytes())?,
    }
    Ok(Vec::new())
}
