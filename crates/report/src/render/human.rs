//! Human output: miette's graphical reports, with the source excerpt and a label under the
//! exact value, then a closing summary.

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use rollcall_rules::Severity;

use crate::report::{Diagnostic, Loc, Report, UnitReport};
use rollcall_rules::count;
use rollcall_source::{InputError, SourceText, Sources};

/// A source as miette reads it, over the line index of [`SourceText`]. miette's own
/// `SourceCode` for text scans from the start of the file for every label, which is quadratic
/// in a file's size times its findings; this one hands miette only the lines around the span
/// (from a few lines before to a few after), then moves the result back to the whole file's
/// offsets and line numbers, so that what is drawn is byte for byte the same.
#[derive(Clone, Debug)]
struct Indexed(SourceText);

impl SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = self.0.text();
        if !self.0.plain_breaks() {
            // A lone `\r` is a line break to miette and not to the index: read it whole.
            return text.read_span(span, context_lines_before, context_lines_after);
        }
        let starts = self.0.line_starts();
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let first = line_of(span.offset());
        let last = line_of(span.offset() + span.len().saturating_sub(1));
        // One line more before than miette shows: miette's reading of an empty span stops at
        // the line break before it.
        let from_line = first.saturating_sub(context_lines_before + 1);
        let from = starts[from_line];
        // A line or two more than miette reads after the span: it stops by itself.
        let to = starts
            .get(last + context_lines_after + 2)
            .copied()
            .unwrap_or(text.len());
        let window = &text.as_bytes()[from..to];
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + from_line,
            inner.column(),
            inner.line_count() + from_line,
        )))
    }
}

/// How to draw.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    /// Also show waived findings.
    pub show_waived: bool,
}

/// One report as miette wants it.
struct Shown {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Indexed>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl MietteDiagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn MietteDiagnostic))
                as Box<dyn Iterator<Item = &dyn MietteDiagnostic>>
        })
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// miette's renderer, twice: as configured, and without its line wrapping, for the
/// diagnostics whose texts need none (most of them). Wrapping (textwrap) was a fifth of the
/// human output's time, spent leaving short lines as they were.
struct Handler {
    wrapping: GraphicalReportHandler,
    fitting: GraphicalReportHandler,
    /// Whether to draw in colour (the direct drawing of `human_fast` draws without).
    color: bool,
}

fn handler(style: Style) -> Handler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // A fixed width keeps the output identical whatever the terminal.
    let wrapping = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false);
    Handler {
        fitting: wrapping.clone().with_wrap_lines(false),
        wrapping,
        color: style.color,
    }
}

/// The width miette wraps to.
const WIDTH: usize = 100;

/// Whether wrapping would leave a diagnostic's texts as they are: each is one line of plain
/// ASCII, with no space at its ends, that fits on its line after miette's prefix with room
/// to spare. Related diagnostics are drawn nested, with prefixes of their own: those are left
/// to the wrapping renderer.
fn fits(shown: &Shown) -> bool {
    // miette wraps to two columns less than its width, after `  × ` (4 columns) or
    // `  help: ` (8); a column is kept spare.
    let short = |t: &str, prefix: usize| {
        t.len() + prefix < WIDTH - 2
            && t.bytes().all(|b| (0x20..0x7F).contains(&b))
            && !t.starts_with(' ')
            && !t.ends_with(' ')
    };
    shown.related.is_empty()
        && short(&shown.message, 4)
        && shown.help.as_deref().is_none_or(|h| short(h, 8))
}

/// Strips control characters (terminal escapes) from text that came from an input.
pub fn neutralise(s: &str) -> String {
    // Most texts have none: copied whole, not a character at a time.
    if !rollcall_source::has_control(s, b"\n") {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn located(
    sources: &Sources,
    at: &Loc,
    text: &str,
) -> (Option<NamedSource<Indexed>>, Vec<LabeledSpan>) {
    match sources.get(&at.file) {
        Some(src) if at.line > 0 && at.sheet.is_none() => {
            let (offset, len) = src.byte_span(at.line, at.column, at.len);
            let label = LabeledSpan::new(
                Some(neutralise(text)).filter(|t| !t.is_empty()),
                offset,
                len,
            );
            (
                Some(NamedSource::new(neutralise(&at.file), Indexed(src.clone()))),
                vec![label],
            )
        }
        _ => (None, Vec::new()),
    }
}

fn shown_diagnostic(d: &Diagnostic, sources: &Sources) -> Shown {
    let (source, mut labels) = located(sources, &d.at, &d.label);
    let mut related = Vec::new();
    for (at, text) in &d.related {
        if at.file == d.at.file && source.is_some() {
            labels.extend(located(sources, at, text).1);
        } else {
            let (source, labels) = located(sources, at, text);
            related.push(Shown {
                code: String::new(),
                message: format!("see {}:{}:{}", at.file, at.line, at.column),
                severity: miette::Severity::Advice,
                help: None,
                source,
                labels,
                related: Vec::new(),
            });
        }
    }
    let mut message = neutralise(&d.message);
    if source.is_none() {
        match d.at.cell() {
            Some(cell) => {
                let _ = write!(message, " ({} {cell}: {})", d.at.file, neutralise(&d.label));
            }
            None => {
                let _ = write!(message, " ({}:{}:{})", d.at.file, d.at.line, d.at.column);
            }
        }
    }
    let mut help = d.help.as_deref().map(neutralise);
    if let Some(w) = &d.waived {
        let note = format!("waived: {}", neutralise(&w.reason));
        help = Some(help.map_or(note.clone(), |h| format!("{h}\n{note}")));
    }
    let mark = match d.baseline {
        Some(b) => format!(" [{}]", b.as_str()),
        None => String::new(),
    };
    Shown {
        code: format!("{} {}{mark}", d.rule.code, d.rule.name),
        message,
        severity: miette_severity(d.severity),
        help,
        source,
        labels,
        related,
    }
}

fn shown_error(e: &InputError, sources: &Sources) -> Shown {
    let at = Loc {
        file: e.file.clone(),
        line: e.line,
        column: e.column,
        len: e.len,
        sheet: None,
    };
    let (source, labels) = located(sources, &at, "here");
    let message = if source.is_some() {
        neutralise(&e.message)
    } else if e.line > 0 {
        format!(
            "{}:{}:{}: {}",
            e.file,
            e.line,
            e.column,
            neutralise(&e.message)
        )
    } else {
        format!("{}: {}", e.file, neutralise(&e.message))
    };
    Shown {
        code: e.code.to_owned(),
        message,
        severity: miette::Severity::Error,
        help: e.help.as_deref().map(neutralise),
        source,
        labels,
        related: Vec::new(),
    }
}

/// The simple case drawn directly, as miette would draw it; `None` for anything else.
fn draw_fast(shown: &Shown, wrap: bool) -> Option<String> {
    if !shown.related.is_empty() || shown.code.is_empty() {
        return None;
    }
    let source = shown.source.as_ref()?;
    let [label] = shown.labels.as_slice() else {
        return None;
    };
    let icon = match shown.severity {
        miette::Severity::Error => "×",
        miette::Severity::Warning => "⚠",
        miette::Severity::Advice => "☞",
    };
    super::human_fast::draw(&super::human_fast::Plain {
        code: &shown.code,
        icon,
        message: &shown.message,
        help: shown.help.as_deref(),
        name: source.name(),
        source,
        span: *label.inner(),
        label: label.label()?,
        wrap,
        width: WIDTH,
    })
}

fn draw(out: &mut String, handler: &Handler, shown: &Shown) {
    let fitting = fits(shown);
    if !handler.color {
        if let Some(block) = draw_fast(shown, !fitting) {
            out.push_str(&block);
            out.push('\n');
            return;
        }
    }
    let handler = if fitting {
        &handler.fitting
    } else {
        &handler.wrapping
    };
    let mut block = String::new();
    if handler.render_report(&mut block, shown).is_err() {
        block = format!("{shown}\n");
    }
    out.push_str(&block);
    out.push('\n');
}

/// Renders one folder: its errors, then its findings, in order.
pub fn render_unit(unit: &UnitReport, sources: &Sources, style: Style) -> String {
    let handler = handler(style);
    let shown: Vec<&Diagnostic> = unit
        .account
        .iter()
        .flat_map(|a| &a.diagnostics)
        .filter(|d| d.waived.is_none() || style.show_waived)
        .collect();
    let mut out = String::new();
    if unit.errors.is_empty() && shown.is_empty() {
        return out;
    }
    let title = match &unit.account {
        Some(a) if a.name.is_empty() => "configuration".to_owned(),
        Some(a) if !a.audited => format!(
            "{} ({}): not audited, an input failed to load",
            neutralise(&a.name),
            neutralise(&a.path)
        ),
        Some(a) => format!("{} ({})", neutralise(&a.name), neutralise(&a.path)),
        None => unit
            .errors
            .first()
            .map(|e| neutralise(&e.file))
            .unwrap_or_default(),
    };
    let _ = writeln!(out, "── {title}\n");
    for e in &unit.errors {
        draw(&mut out, &handler, &shown_error(e, sources));
    }
    for d in shown {
        draw(&mut out, &handler, &shown_diagnostic(d, sources));
    }
    out
}

/// The per-customer table that closes a portfolio run, written a row at a time: a first pass
/// over the accounts measures the columns, a second writes the rows.
fn portfolio_table(w: &mut dyn std::io::Write, report: &Report) -> std::io::Result<()> {
    let named = |u: &UnitReport| u.account.as_ref().is_some_and(|a| !a.name.is_empty());
    let (mut total, mut width, mut priced, mut savings_width) = (0usize, 0usize, false, 7usize);
    for unit in report.each_unit(false) {
        let unit = unit?;
        let Some(a) = unit.account.as_ref().filter(|_| named(&unit)) else {
            continue;
        };
        total += 1;
        width = width.max(neutralise(&a.name).chars().count());
        if let Some(m) = &a.savings {
            priced = true;
            savings_width = savings_width.max(neutralise(&m.to_string()).chars().count());
        }
    }
    if total < 2 {
        return Ok(());
    }
    let width = width.clamp(7, 48);
    let savings_head = if priced {
        format!("  {:>savings_width$}", "savings")
    } else {
        String::new()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{:<width$}  errors  warnings  infos  unknown roles{savings_head}  worst rule",
        "account"
    );
    let mut with_unknowns = 0;
    for unit in report.each_unit(false) {
        let unit = unit?;
        let Some(a) = unit.account.as_ref().filter(|_| named(&unit)) else {
            continue;
        };
        with_unknowns += usize::from(a.unknown_roles > 0);
        let t = a.tally;
        let mut name = neutralise(&a.name);
        if name.chars().count() > width {
            name = name.chars().take(width - 1).collect::<String>() + "…";
        }
        let worst = t
            .worst
            .map_or_else(|| "-".to_owned(), |r| format!("{} {}", r.code, r.name));
        let status = if a.audited {
            worst
        } else {
            "not audited".to_owned()
        };
        let unknown = if a.unknown_roles > 0 {
            a.unknown_roles.to_string()
        } else {
            "-".to_owned()
        };
        let savings = if priced {
            let m = a
                .savings
                .as_ref()
                .map_or_else(|| "-".to_owned(), |m| neutralise(&m.to_string()));
            format!("  {m:>savings_width$}")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{name:<width$}  {:>6}  {:>8}  {:>5}  {unknown:>13}{savings}  {status}",
            t.errors, t.warnings, t.infos
        );
        if out.len() > 64 * 1024 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    if with_unknowns > 0 {
        let _ = writeln!(
            out,
            "\n{with_unknowns} of {} {} contract roles that no input names (RC503): not checked",
            count(total, "account", "accounts"),
            if with_unknowns == 1 { "has" } else { "have" }
        );
    }
    out.push('\n');
    w.write_all(out.as_bytes())
}

/// The whole human output: what `render_unit` made of each folder, problems found before any
/// folder was read, skipped files, and the summary line.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = Vec::new();
    let _ = write(report, style, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the whole human output: each folder's part as rendered in the workers, written as it
/// is (never gathered into one string: a portfolio's output can be far larger than any
/// account), then the closing part.
pub fn write(report: &Report, style: Style, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let handler = handler(style);
    let mut out = String::new();
    for e in &report.errors {
        draw(&mut out, &handler, &shown_error(e, &Sources::default()));
    }
    w.write_all(out.as_bytes())?;
    let cx = crate::render::Context::of(report, style);
    crate::render::each_part(crate::render::Format::Human, report, &cx, true, |part| {
        w.write_all(part.as_bytes())
    })?;
    let mut out = String::new();
    for s in report.all_skipped() {
        let _ = writeln!(
            out,
            "skipped {}: {}",
            neutralise(&s.file),
            neutralise(&s.reason)
        );
    }
    for unit in report.each_unit(false) {
        let unit = unit?;
        for r in unit.account.iter().flat_map(|a| &a.rows_skipped) {
            let sheet = r
                .sheet
                .as_ref()
                .map(|s| format!(" (sheet `{}`)", neutralise(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "skipped {} of {}{sheet}, from line {}: {}",
                count(r.rows, "row", "rows"),
                neutralise(&r.file),
                r.first_line,
                neutralise(&r.reason)
            );
        }
    }
    if report.baseline_applied {
        let new = report.totals().new;
        let _ = writeln!(
            out,
            "compared with the baseline: {new} new, {} fixed",
            report.fixed.len()
        );
        for k in &report.fixed {
            let subject: Vec<String> = k
                .subject()
                .parts()
                .map(|(n, v)| format!("{n} {}", neutralise(v)))
                .collect();
            let _ = writeln!(
                out,
                "  fixed: {} in {} ({})",
                k.rule,
                neutralise(&k.account),
                subject.join(", ")
            );
        }
    }
    w.write_all(out.as_bytes())?;
    portfolio_table(w, report)?;
    w.write_all(summary_line(report).as_bytes())?;
    w.write_all(b"\n")
}

/// The closing line of a run: accounts, files, findings by severity, waived, savings.
pub fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let mut line = format!(
        "{} checked ({} read, {} failed, {} skipped): {}, {}, {}",
        count(s.accounts, "account", "accounts"),
        count(s.files_read, "file", "files"),
        s.files_failed,
        s.files_skipped,
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos"),
    );
    if s.waived > 0 {
        let _ = write!(line, ", {} waived", s.waived);
    }
    if let Some(savings) = &s.savings {
        let totals: Vec<String> = savings
            .iter()
            .map(|(currency, cents)| {
                neutralise(
                    &crate::report::Money {
                        cents: *cents,
                        currency: currency.clone(),
                    }
                    .to_string(),
                )
            })
            .collect();
        let _ = write!(line, "; reclaimable seats: {} a year", totals.join(", "));
    }
    line
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// Every control character but the line break is replaced, wherever it stands, and
    /// nothing else is touched: each character below U+0800 (every control among them) alone
    /// and between others.
    #[test]
    fn neutralise_replaces_every_control_and_nothing_else() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            let want = if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            };
            assert_eq!(neutralise(&c.to_string()), want.to_string(), "{c:?}");
            assert_eq!(
                neutralise(&format!("é{c}x\u{2028}")),
                format!("é{want}x\u{2028}"),
                "{c:?}"
            );
        }
        assert_eq!(neutralise("plain text\n"), "plain text\n");
    }

    /// Where `fits` says a diagnostic needs no wrapping, the renderer without wrapping draws
    /// exactly what the wrapping one draws, at every length up to the limit and over it.
    #[test]
    fn unwrapped_diagnostics_are_drawn_as_wrapped_ones() {
        let words = [
            "seat",
            "ana.vogel0@tanaka0.example",
            "a",
            "contract-110000000001",
            "x,y",
        ];
        let mut fitting = 0;
        for style in [
            Style::default(),
            Style {
                color: true,
                ..Style::default()
            },
        ] {
            let h = handler(style);
            for n in 0..400usize {
                let mut message = String::new();
                let mut i = n;
                while message.len() < 40 + n % 70 {
                    if !message.is_empty() {
                        message.push(' ');
                    }
                    message.push_str(words[i % words.len()]);
                    i = i / 3 + 7;
                }
                let help = (n % 3 > 0).then(|| message[..message.len() - n % 5].trim().to_owned());
                let shown = Shown {
                    code: "RC101".into(),
                    message,
                    severity: miette::Severity::Warning,
                    help,
                    source: None,
                    labels: Vec::new(),
                    related: Vec::new(),
                };
                if !fits(&shown) {
                    continue;
                }
                fitting += 1;
                let (mut a, mut b) = (String::new(), String::new());
                h.wrapping.render_report(&mut a, &shown).unwrap();
                h.fitting.render_report(&mut b, &shown).unwrap();
                assert_eq!(a, b, "{:?}", shown.message);
            }
        }
        assert!(fitting > 200, "{fitting}");
    }

    /// The direct drawing of the simple case is byte for byte miette's, for every span of
    /// texts with short and long lines, breaks of both kinds, first and last lines, line
    /// numbers of one and two digits; and it declines what it does not draw (tabs, wide
    /// characters, spans over a break).
    const LONG: &str = "the AutoCAD seats of team London are pooled across contracts \
        110060000002, 110060000003 that end 106 days apart (2027-06-30 to 2027-10-14), \
        averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword \
        and\nmore  ";
    const UNICODE: &str = "Jörg Müller (joerg.mueller@wörk.example) is the Contract Manager of \
        contract 110000000001 and its only Software Coordinator: name another";

    #[test]
    fn the_direct_drawing_is_mietes_own() {
        let texts = [
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n",
            "one line, no break",
            "x\r\ny\r\n\r\nzz: w\r\nlast",
            "\n\n\nfour\n\n",
            "1\n2\n3\n4\n5\n6\n7\n8\n9\nten: 10\neleven: 11\ntwelve",
            "email,role\nana@x.example,Primary Admin\nbo@x.example,User\n",
            "tab:\tx\nwide: 日本\nok: y\n",
            "  - email: felix.baumann@keller-partner.example\n    name: Felix\n",
        ];
        let handler = handler(Style::default());
        let (mut drawn, mut declined) = (0, 0);
        for text in texts {
            let indexed = Indexed(SourceText::new(Arc::from(text)));
            for offset in 0..text.len() {
                for len in 0..6 {
                    if offset + len > text.len()
                        || !text.is_char_boundary(offset)
                        || !text.is_char_boundary(offset + len)
                    {
                        continue;
                    }
                    for (label, help, message) in [
                        ("here", None, "user `a@x.example` holds no seat"),
                        (
                            "this user cannot use any product",
                            Some("assign a seat"),
                            "short",
                        ),
                        ("x", Some(LONG), LONG),
                        ("y", None, UNICODE),
                    ] {
                        let shown = Shown {
                            code: "RC303 user-without-seat".into(),
                            message: message.into(),
                            severity: miette::Severity::Warning,
                            help: help.map(str::to_owned),
                            source: Some(NamedSource::new("f.yaml", indexed.clone())),
                            labels: vec![LabeledSpan::new(Some(label.into()), offset, len)],
                            related: Vec::new(),
                        };
                        let Some(fast) = draw_fast(&shown, !fits(&shown)) else {
                            declined += 1;
                            continue;
                        };
                        drawn += 1;
                        let mut slow = String::new();
                        let h = if fits(&shown) {
                            &handler.fitting
                        } else {
                            &handler.wrapping
                        };
                        h.render_report(&mut slow, &shown).unwrap();
                        assert_eq!(fast, slow, "{text:?} at {offset}+{len}");
                    }
                }
            }
        }
        assert!(
            drawn > 1000 && declined > 100,
            "{drawn} drawn, {declined} declined"
        );
    }

    /// The indexed source gives miette exactly what miette's own reading of the whole text
    /// gives, for every span and context: the output is byte for byte the same.
    #[test]
    fn indexed_reads_are_the_whole_texts_reads() {
        let texts = [
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n",
            "one line, no break",
            "x\r\ny\r\n\r\nzz: w\r\nlast",
            "\n\n\nfour\n\n",
            "lone\rcr\nmixed\r\n",
            "näme: Jöhn\nmörk: ÿ\n",
        ];
        for text in texts {
            let indexed = Indexed(SourceText::new(Arc::from(text)));
            for offset in 0..=text.len() {
                if !text.is_char_boundary(offset) {
                    continue;
                }
                for len in 0..4 {
                    if offset + len > text.len() || !text.is_char_boundary(offset + len) {
                        continue;
                    }
                    for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                        let span = SourceSpan::new(offset.into(), len);
                        let want = text.read_span(&span, before, after);
                        let got = indexed.read_span(&span, before, after);
                        match (want, got) {
                            (Ok(w), Ok(g)) => assert_eq!(
                                (w.data(), *w.span(), w.line(), w.column(), w.line_count()),
                                (g.data(), *g.span(), g.line(), g.column(), g.line_count()),
                                "{text:?} at {offset}+{len}, context {before}/{after}"
                            ),
                            (w, g) => assert_eq!(w.is_err(), g.is_err(), "{text:?} {offset}"),
                        }
                    }
                }
            }
        }
    }
}
