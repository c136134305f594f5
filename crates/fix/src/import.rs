//! Autodesk's bulk import files: `invite-<team>.csv` (User Management › Invite users ›
//! Import) and `assign-<team>-<product>.csv` (By Product › Import to assign). Both use the same
//! three columns: the header `First name,Last name,Email address`, one person a row, at most
//! 5,000 rows a file, UTF-8, CRLF line ends, fields quoted as CSV requires.

/// Autodesk's limit of rows (people) a file.
pub const MAX_ROWS: usize = 5_000;

const HEADER: &str = "First name,Last name,Email address\r\n";

/// One person of an import file: an address Autodesk can invite or assign, and the first and
/// last name (empty cells where unknown).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Person {
    pub email: String,
    pub first: String,
    pub last: String,
}

impl Person {
    pub fn new(email: &str, first: &str, last: &str) -> Self {
        Self {
            email: email.to_owned(),
            first: first.trim().to_owned(),
            last: last.trim().to_owned(),
        }
    }
}

/// The people of one list (one team's invitations, or one product's assignments), which
/// becomes one file or, past [`MAX_ROWS`], several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportList {
    /// The file name without `.csv` (`invite-design`, `assign-design-revit`).
    pub base: String,
    /// Sorted by address, each address once.
    pub people: Vec<Person>,
}

impl ImportList {
    /// The files of this list: none when it is empty; `base.csv`, then `base-2.csv`, ...
    pub fn file_names(&self) -> Vec<String> {
        (0..self.people.len().div_ceil(MAX_ROWS))
            .map(|i| self.file_name(i))
            .collect()
    }

    fn file_name(&self, i: usize) -> String {
        if i == 0 {
            format!("{}.csv", self.base)
        } else {
            format!("{}-{}.csv", self.base, i + 1)
        }
    }

    /// Each file's name and bytes.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.people
            .chunks(MAX_ROWS)
            .enumerate()
            .map(|(i, rows)| (self.file_name(i), csv(rows).into_bytes()))
            .collect()
    }
}

/// The text of one file: the header and a row per person.
pub fn csv(rows: &[Person]) -> String {
    let mut s = String::with_capacity(HEADER.len() + rows.len() * 48);
    s.push_str(HEADER);
    for p in rows {
        field(&mut s, &p.first);
        s.push(',');
        field(&mut s, &p.last);
        s.push(',');
        field(&mut s, &p.email);
        s.push_str("\r\n");
    }
    s
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes
/// doubled; as it is otherwise.
fn field(s: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
        s.push('"');
        s.push_str(&value.replace('"', "\"\""));
        s.push('"');
    } else {
        s.push_str(value);
    }
}

/// A team or product name made safe for a file name: lower-case letters and digits, every run
/// of anything else one `-`, none at either end (`"AutoCAD - including specialized toolsets"`
/// gives `autocad-including-specialized-toolsets`).
pub fn file_safe(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "unnamed".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| Person::new(&format!("user{i:05}@acme.example"), "Ana", "Silva"))
            .collect()
    }

    fn list(n: usize) -> ImportList {
        ImportList {
            base: "invite-design".into(),
            people: people(n),
        }
    }

    #[test]
    fn an_empty_list_writes_no_file() {
        assert!(list(0).files().is_empty());
        assert!(list(0).file_names().is_empty());
    }

    #[test]
    fn one_person_is_the_header_and_one_crlf_row() {
        let files = list(1).files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "invite-design.csv");
        assert_eq!(
            files[0].1,
            b"First name,Last name,Email address\r\nAna,Silva,user00000@acme.example\r\n"
        );
    }

    #[test]
    fn five_thousand_people_fit_in_one_file() {
        let files = list(5_000).files();
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].1.clone()).unwrap();
        assert_eq!(text.matches("\r\n").count(), 5_001);
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn the_five_thousand_and_first_goes_to_a_second_file() {
        let l = list(5_001);
        assert_eq!(l.file_names(), ["invite-design.csv", "invite-design-2.csv"]);
        let files = l.files();
        assert_eq!(files.len(), 2);
        assert_eq!(
            String::from_utf8(files[0].1.clone())
                .unwrap()
                .lines()
                .count(),
            5_001
        );
        assert_eq!(
            files[1].1,
            b"First name,Last name,Email address\r\nAna,Silva,user05000@acme.example\r\n"
        );
    }

    #[test]
    fn names_that_need_it_are_quoted() {
        let rows = [
            Person::new("a@x.example", "Jr. John", "Smith,"),
            Person {
                email: "b@x.example".into(),
                first: "Dwayne \"The Rock\"".into(),
                last: "Line\nBreak".into(),
            },
            Person::new("c@x.example", "Zoë", "Ørsted-Åberg"),
            Person::new("d@x.example", "", ""),
        ];
        assert_eq!(
            csv(&rows),
            "First name,Last name,Email address\r\n\
             Jr. John,\"Smith,\",a@x.example\r\n\
             \"Dwayne \"\"The Rock\"\"\",\"Line\nBreak\",b@x.example\r\n\
             Zoë,Ørsted-Åberg,c@x.example\r\n\
             ,,d@x.example\r\n"
        );
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(file_safe("Design"), "design");
        assert_eq!(
            file_safe("AutoCAD - including specialized toolsets"),
            "autocad-including-specialized-toolsets"
        );
        assert_eq!(
            file_safe("Architecture Engineering & Construction Collection"),
            "architecture-engineering-construction-collection"
        );
        assert_eq!(file_safe("../../etc"), "etc");
        assert_eq!(file_safe("  "), "unnamed");
        assert_eq!(file_safe("3ds Max"), "3ds-max");
    }
}
