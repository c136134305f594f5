# METADATA
# title: a seat is assigned to a dormant user
# description: |
#   RC304 written as a policy: a seat is held by a user of the user list who is `inactive` or
#   `removed`, or whose `last_active` is more than `inactive_days` before `today` (the
#   configuration's option, from `data.rollcall.options`; 90 where there is none). One finding
#   per user and product, at the first assignment.
# custom:
#   id: EX304
#   severity: warning
#   help: reclaim the seat and assign it to someone who uses the product
package rollcall.custom.seat_held_by_dormant_user

default inactive_days := 90

inactive_days := data.rollcall.options.inactive_days

# `last_active` is dormant before this day: `today` less `inactive_days`, as an ISO date (ISO
# dates compare as text).
cutoff := time.format([time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [input.today])) - (inactive_days * 86400) * 1000000000, "UTC", "2006-01-02"])

gone := {"inactive", "removed"}

# The dormant users' emails, worked out once per account rather than once per seat.
dormant_users := {u.email | some u in input.users; gone[u.status]} | {u.email | some u in input.users; u.last_active < cutoff} if {
	no_repeated_users
} else := {e | some e in repeated; dormant(first_record(e))} | {u.email |
	some u in input.users
	not u.email in repeated
	dormant(u)
}

dormant(u) if gone[u.status]

dormant(u) if u.last_active < cutoff

# An address the user list repeats (RC501) counts as its first record, as rollcall's own rules
# take it. Most lists repeat none, and are not sorted.
no_repeated_users if count({u.email | some u in input.users}) == count(input.users)

repeated := {emails[i] | some i, _ in emails; i > 0; emails[i] == emails[i - 1]} if {
	not no_repeated_users
	emails := sort([u.email | some u in input.users])
}

first_record(e) := input.users[min({i | some i, u in input.users; u.email == e})]

# The products whose `assigned` list names no user twice: the common case, where every
# assignment is the user's first.
no_repeats := {[i, j] |
	some i, c in input.contracts
	some j, p in c.products
	count(p.assigned) == count({a.user | some a in p.assigned})
}

first(i, j, _, _, _) if [i, j] in no_repeats

first(i, j, p, k, a) if {
	not [i, j] in no_repeats
	k == min({n | some n, b in p.assigned; b.user == a.user})
}

deny contains result if {
	some i, c in input.contracts
	some j, p in c.products
	some k, a in p.assigned
	a.user in dormant_users
	first(i, j, p, k, a)
	result := {
		"msg": sprintf("a seat of %s on contract %s is held by `%s`, who is dormant", [p.name, c.number, a.user]),
		"subject": {"contract": c.number, "product": p.name, "user": a.user},
		"at": ["contracts", i, "products", j, "assigned", k],
	}
}

account(users, assigned) := {
	"today": "2026-12-01",
	"users": users,
	"contracts": [{"number": "1", "products": [{"name": "Revit", "seats": 2, "assigned": assigned}]}],
}

test_fires_on_a_removed_user if {
	r := deny with input as account([{"email": "a@x.example", "status": "removed"}], [{"user": "a@x.example"}])
	some f in r
	f.at == ["contracts", 0, "products", 0, "assigned", 0]
}

test_fires_on_long_inactivity if {
	count(deny) == 1 with input as account([{"email": "a@x.example", "status": "active", "last_active": "2026-08-01"}], [{"user": "a@x.example"}])
}

test_follows_the_configured_inactive_days if {
	count(deny) == 1 with input as account([{"email": "a@x.example", "status": "active", "last_active": "2026-11-01"}], [{"user": "a@x.example"}])
		with data.rollcall.options.inactive_days as 20
}

test_quiet_on_recent_activity if {
	count(deny) == 0 with input as account([{"email": "a@x.example", "status": "active", "last_active": "2026-11-01"}], [{"user": "a@x.example"}])
}

test_one_finding_for_a_repeated_seat if {
	count(deny) == 1 with input as account([{"email": "a@x.example", "status": "inactive"}], [{"user": "a@x.example"}, {"user": "a@x.example"}])
}

test_a_repeated_user_counts_as_the_first_record if {
	count(deny) == 0 with input as account(
		[{"email": "a@x.example", "status": "active"}, {"email": "a@x.example", "status": "removed"}],
		[{"user": "a@x.example"}],
	)
}

test_quiet_for_a_holder_not_in_the_user_list if {
	count(deny) == 0 with input as account([], [{"user": "a@x.example"}])
}
