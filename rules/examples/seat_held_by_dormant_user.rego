# METADATA
# title: a seat is assigned to a dormant user
# description: |
#   RC304 written as a policy: a seat is held by a user of the user list who is `inactive` or
#   `removed`, or whose `last_active` is more than 90 days before `today` (the default of
#   rollcall's `inactive_days`). One finding per user and product, at the first assignment.
# custom:
#   id: EX304
#   severity: warning
#   help: reclaim the seat and assign it to someone who uses the product
package rollcall.custom.seat_held_by_dormant_user

inactive_days := 90

users := {u.email: u | some u in input.users}

day_ns(d) := time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [d]))

dormant(u) if u.status in {"inactive", "removed"}

dormant(u) if {
	not u.status in {"inactive", "removed"}
	(day_ns(input.today) - day_ns(u.last_active)) / (24 * 60 * 60 * 1000000000) > inactive_days
}

deny contains result if {
	some i, c in input.contracts
	some j, p in c.products
	some k, a in p.assigned
	u := users[a.user]
	dormant(u)
	# the first assignment of this user to the product
	k == min({n | some n, b in p.assigned; b.user == a.user})
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

test_quiet_on_recent_activity if {
	count(deny) == 0 with input as account([{"email": "a@x.example", "status": "active", "last_active": "2026-11-01"}], [{"user": "a@x.example"}])
}

test_one_finding_for_a_repeated_seat if {
	count(deny) == 1 with input as account([{"email": "a@x.example", "status": "inactive"}], [{"user": "a@x.example"}, {"user": "a@x.example"}])
}

test_quiet_for_a_holder_not_in_the_user_list if {
	count(deny) == 0 with input as account([], [{"user": "a@x.example"}])
}
