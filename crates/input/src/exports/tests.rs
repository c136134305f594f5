use super::*;
use crate::table::parse_csv;

#[test]
fn headers_match_as_the_spec_says() {
    assert_eq!(
        normalise_header("\u{feff} Offering name* "),
        "offering_name"
    );
    assert_eq!(normalise_header("Seat_Quantity"), "seat_quantity");
    assert_eq!(normalise_header("E-mail"), "e-mail");
    let t = parse_csv("Email*,First Name,Role\n", "f").unwrap();
    assert_eq!(recognise(&t.rows[0]), Some(ExportKind::Users));
    let t = parse_csv("email,role,seat_assignment\n", "f").unwrap();
    assert_eq!(recognise(&t.rows[0]), Some(ExportKind::Usage));
    let t = parse_csv("name,notes\n", "f").unwrap();
    assert_eq!(recognise(&t.rows[0]), None);
}

fn read(text: &str) -> Result<Fragment, Vec<InputError>> {
    let t = parse_csv(text, "f.csv").unwrap();
    let none = Aliases::default();
    let (h, k) = find_header(&t, 1, &none).unwrap();
    read_export(&t, h, k, FileId(1), "f.csv", &none)
}

#[test]
fn subscriptions_group_by_contract() {
    let f = read("subscription_id,contract_number,offering_name,seat_quantity,end_date,autorenew_date,team_alias,contract_manager_email\n\
        1,110001,AutoCAD,2,01/31/2027,,Design,Jane@Acme.example\n\
        2,110001,AutoCAD,3,2027-01-15,,Design,\n\
        3,,Revit,1,2027-06-30,2027-06-30,,\n").unwrap();
    assert_eq!(f.contracts.len(), 2);
    let c = &f.contracts[0];
    assert_eq!(c.products[0].seats.value, 5);
    assert_eq!(c.ends.as_ref().unwrap().value.to_string(), "2027-01-15");
    assert_eq!(c.ends.as_ref().unwrap().origin.line, 3);
    assert_eq!(
        c.contract_manager.as_ref().unwrap().value.as_str(),
        "jane@acme.example"
    );
    assert_eq!(c.auto_renew.as_ref().map(|a| a.value), Some(false));
    assert_eq!(f.contracts[1].number.value, "3");
    assert_eq!(
        f.contracts[1].auto_renew.as_ref().map(|a| a.value),
        Some(true)
    );
}

#[test]
fn users_give_roles_and_assignments() {
    let f = read(
        "email,first_name,last_name,role,offering_name,team_alias,account_status\n\
        jane@a.example,Jane,Doe,Primary Admin,AutoCAD,Design,Active\n\
        jane@a.example,Jane,Doe,Primary Admin,Revit,Design,Active\n\
        mark@a.example,Mark,Lee,secondary_admin,,Design,pending\n\
        *****,x,y,User,AutoCAD,Design,\n",
    )
    .unwrap();
    assert_eq!(f.users.len(), 2);
    assert_eq!(f.users[0].name.as_ref().unwrap().value, "Jane Doe");
    assert_eq!(f.users[1].status, Status::Invited);
    assert_eq!(
        f.teams[0].primary_admin.as_ref().unwrap().value.as_str(),
        "jane@a.example"
    );
    assert_eq!(f.teams[0].secondary_admins.len(), 1);
    assert_eq!(f.assignments.len(), 2);
}

#[test]
fn bad_cells_are_located_errors() {
    let errs = read("contract_number,offering_name,seat_quantity,end_date\n1,AutoCAD,five,2027-01-01\n2,Revit,1,31.12.2027\n3,Maya\n").unwrap_err();
    let at: Vec<(u32, u32)> = errs.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(at, vec![(2, 11), (3, 11), (4, 1)]);
    let errs = read("email,role,team_alias\nx@a.example,Overlord,T\n").unwrap_err();
    assert!(errs[0].message.contains("unknown role"));
    let errs = read("email,offering_name,seat_assignment\n")
        .map(|_| ())
        .err();
    assert!(errs.is_none());
    let errs = read("offering_name,seat_quantity\nAutoCAD,1\n").unwrap_err();
    assert!(
        errs[0]
            .message
            .contains("`contract_number` or `subscription_id`"),
        "{}",
        errs[0].message
    );
}

#[test]
fn usage_sets_the_latest_activity_and_assigned_seats() {
    let f = read(
        "hashed_autodesk_id,email,offering_name,seat_assignment,last_accessed,days_inactive\n\
        h1,ana@a.example,Revit,assigned,2026-09-01,0\n\
        h1,ana@a.example,AutoCAD,unassigned,2026-10-05T10:00:00Z,3\n\
        h2,*****,Revit,assigned,,\n",
    )
    .unwrap();
    // The masked row is a person known only by hash, with their seat.
    assert_eq!(f.users.len(), 2);
    assert_eq!(
        f.users[0].last_active.as_ref().unwrap().value.to_string(),
        "2026-10-05"
    );
    assert_eq!(f.users[1].email.value.as_str(), "hash:h2");
    assert_eq!(f.assignments.len(), 2);
    assert_eq!(&*f.assignments[0].product, "Revit");
    assert_eq!(f.assignments[1].email.value.as_str(), "hash:h2");
    assert_eq!(f.links.len(), 2);
}

#[test]
fn masked_rows_without_a_hash_are_counted_not_lost() {
    let f = read(
        "hashed_autodesk_id,email,offering_name,seat_assignment\n\
        ,*****,Revit,assigned\n\
        ,*****,Revit,assigned\n\
        *****,,AutoCAD,assigned\n\
        h9,x@a.example,,assigned\n",
    )
    .unwrap();
    assert_eq!(f.users.len(), 1);
    assert!(f.assignments.is_empty());
    let counted: Vec<(usize, u32)> = f.skipped.iter().map(|s| (s.count, s.first_line)).collect();
    assert_eq!(counted, vec![(2, 2), (1, 4), (1, 5)]);
}

#[test]
fn current_names_older_roles_and_seat_usage() {
    // Today's usage-report page: `Team` and `Product`.
    let f = read(
        "Email,First name,Last name,Team,Product,Seat assignment,Days inactive\n\
        ana@a.example,Ana,Ro,Design,Revit,Assigned,12\n",
    )
    .unwrap();
    assert_eq!(f.kind, ExportKind::Usage);
    assert_eq!(&*f.assignments[0].product, "Revit");
    assert_eq!(f.assignments[0].team.as_deref(), Some("Design"));
    let f = read("email,role,team_alias\nguest@b.example,User (guest),Design\n").unwrap();
    assert!(f.teams.is_empty());
    let f = read(
        "hashed_autodesk_id,offering_name,product_name,version,day_used,access_option,team_alias\n\
        H1,Revit,Revit,2026,2026-10-01,Seats,Design\n\
        H1,Revit,Revit,2026,2026-10-07,Seats,Design\n\
        H1,Revit,Revit,2026,2026-09-30,Seats,Design\n",
    )
    .unwrap();
    assert_eq!(f.kind, ExportKind::SeatUsage);
    assert!(f.assignments.is_empty());
    assert_eq!(f.days_used.len(), 1);
    assert_eq!(f.days_used[0].person.as_str(), "hash:h1");
    assert_eq!(f.days_used[0].day.value.to_string(), "2026-10-07");
    assert_eq!(f.days_used[0].day.origin.line, 3);
}

#[test]
fn aliases_map_columns_and_values_and_help_names_them() {
    let t = parse_csv(
        "E-Mail-Adresse,Rolle,Produkt,Team\nx@a.example,Benutzer (Gast),Revit,D\n",
        "f.csv",
    )
    .unwrap();
    let none = Aliases::default();
    assert_eq!(find_header(&t, 1, &none), None);
    let mut aliases = Aliases::default();
    aliases.add_column("email", "E-Mail-Adresse");
    aliases.add_column("role", "Rolle");
    aliases.add_column("offering_name", "Produkt");
    let (h, k) = find_header(&t, 1, &aliases).unwrap();
    let errs = read_export(&t, h, k, FileId(1), "f.csv", &aliases).unwrap_err();
    assert!(errs[0].message.contains("unknown role `Benutzer (Gast)`"));
    let help = errs[0].help.as_deref().unwrap();
    assert!(
        help.contains("exports: {values: {role: {\"Benutzer (Gast)\":"),
        "{help}"
    );
    aliases.add_value("role", "Benutzer (Gast)", "External User");
    let f = read_export(&t, h, k, FileId(1), "f.csv", &aliases).unwrap();
    assert_eq!(f.assignments.len(), 1);
    // A missing column's help names the entry that would map it.
    let t = parse_csv("Email,Menge,contract_number,seat_quantity\n", "s.csv").unwrap();
    let (h, k) = find_header(&t, 1, &none).unwrap();
    let errs = read_export(&t, h, k, FileId(1), "s.csv", &none).unwrap_err();
    assert!(errs[0].message.contains("`offering_name`"));
    assert!(errs[0]
        .help
        .as_deref()
        .unwrap()
        .contains("exports: {columns: {offering_name:"));
}

#[test]
fn an_admin_role_without_a_team_is_counted_not_lost() {
    let f = read("email,role,team_alias\nadm@b.example,Primary Admin,*****\n").unwrap();
    assert!(f.teams.is_empty());
    assert_eq!(f.users.len(), 1);
    let counted: Vec<(usize, u32)> = f.skipped.iter().map(|s| (s.count, s.first_line)).collect();
    assert_eq!(counted, vec![(1, 2)]);
}

#[test]
fn first_and_last_names_given_apart_are_kept_where_the_joined_name_loses_them() {
    let f = read(
        "email,first_name,last_name,offering_name,seat_assignment\n\
        mary@a.example,Mary Ann,Smith,AutoCAD,assigned\n\
        ana@a.example,Ana,de Souza,AutoCAD,assigned\n\
        lee@a.example,*****,Lee,AutoCAD,assigned\n\
        jo@a.example,Jo,,AutoCAD,assigned\n",
    )
    .unwrap();
    let name = |i: usize| f.users[i].name.as_ref().unwrap();
    assert_eq!(name(0).value, "Mary Ann Smith");
    let kept: Vec<(u32, &str, &str)> = f
        .name_parts
        .iter()
        .map(|(o, p)| (o.line, p.first.as_str(), p.last.as_str()))
        .collect();
    assert_eq!(kept, [(2, "Mary Ann", "Smith"), (4, "", "Lee")]);
    assert_eq!(f.name_parts[0].0, name(0).origin);
    assert_eq!(f.name_parts[1].0, name(2).origin);
}
