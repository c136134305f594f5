# The rule catalog as Rego, evaluated by regorus: the peer an OPA/conftest user would write.
# Input: one account as JSON (see crates/corpus/src/bin/rollcall-rego.rs); dates are day
# numbers. Output: data.rollcall.counts, the number of findings per rule.
package rollcall

import rego.v1

today := input.today

user_by_email := {u.email: u | some u in input.users}

has_users if input.users != null

dormant(u) if u.status in {"inactive", "removed"}

dormant(u) if {
	u.last_active != null
	today - u.last_active > 90
}

holdings contains ["cm", c.number, c.cm] if {
	some c in input.contracts
	c.cm != null
}

holdings contains ["sc", c.number, s] if {
	some c in input.contracts
	some s in c.scs
}

holdings contains ["pa", t.name, t.primary] if {
	some t in input.teams
	t.primary != null
}

holdings contains ["sa", t.name, s] if {
	some t in input.teams
	some s in t.secondary
}

holdings contains ["sso", t.name, s] if {
	some t in input.teams
	some s in t.sso
}

people := {h[2] | some h in holdings}

rc101 contains c.number if {
	some c in input.contracts
	c.cm != null
	c.scs_known
	every s in c.scs { s == c.cm }
}

rc102 contains c.number if {
	some c in input.contracts
	c.cm == null
	c.cm_known
}

rc103 contains h if {
	has_users
	some h in holdings
	not user_by_email[h[2]]
}

rc104 contains h if {
	some h in holdings
	u := user_by_email[h[2]]
	dormant(u)
}

rc104 contains h if {
	some h in holdings
	u := user_by_email[h[2]]
	u.status == "invited"
}

inside(e) if {
	some d in input.domains
	endswith(e, concat("", ["@", d]))
}

inside(e) if {
	some d in input.domains
	endswith(e, concat("", [".", d]))
}

rc105 contains h if {
	count(input.domains) > 0
	some h in holdings
	not inside(h[2])
}

backup(t) if {
	some s in array.concat(t.secondary, t.sso)
	s != t.primary
}

rc106 contains t.name if {
	some t in input.teams
	t.primary != null
	not backup(t)
}

rc107 := 1 if {
	count(input.contracts) + count(input.teams) >= 2
	count(people) == 1
} else := 0

cms := [c.cm | some c in input.contracts; c.cm != null]

scset(c) := {x | some x in c.scs} if count(c.scs) > 0

scset(c) := {c.cm} if {
	count(c.scs) == 0
	c.cm != null
}

scsets := [s |
	some c in input.contracts
	c.scs_known
	s := scset(c)
]

differ if count({x | some x in cms}) > 1

differ if count({x | some x in scsets}) > 1

rc202 := 1 if {
	input.policy == null
	count(input.contracts) >= 2
	differ
} else := 0

deviations(values) := 0 if count(values) == 0

deviations(values) := n if {
	count(values) > 0
	counts := {v: count([1 | some w in values; w == v]) | some v in values}
	top := max({k | some _, k in counts})
	usual := [v | some v in values; counts[v] == top][0]
	n := count([1 | some v in values; v != usual])
}

rc201 := n if {
	input.policy == "same"
	count(input.contracts) >= 2
	n := deviations(cms) + deviations(scsets)
} else := 0

rc301 contains [c.number, p.name] if {
	some c in input.contracts
	some p in c.products
	p.assigned != null
	count(p.assigned) < p.seats
}

rc302 contains [c.number, p.name] if {
	some c in input.contracts
	some p in c.products
	p.assigned != null
	count(p.assigned) > p.seats
}

known_assignments if {
	some c in input.contracts
	some p in c.products
	p.assigned != null
}

seat_holders := {a |
	some c in input.contracts
	some p in c.products
	p.assigned != null
	some a in p.assigned
}

rc303 contains u.email if {
	has_users
	known_assignments
	some u in input.users
	u.status in {"active", "invited"}
	not seat_holders[u.email]
	not people[u.email]
}

rc304 contains [c.number, p.name, a] if {
	some c in input.contracts
	some p in c.products
	p.assigned != null
	some a in p.assigned
	u := user_by_email[a]
	dormant(u)
}

rc305 contains u.email if {
	some u in input.users
	u.status == "invited"
	u.invited_on != null
	today - u.invited_on > 7
}

rc401 contains c.number if {
	some c in input.contracts
	not c.auto_renew
	c.ends != null
	c.ends - today >= 0
	c.ends - today <= 90
}

rc402 contains c.number if {
	some c in input.contracts
	c.ends != null
	c.ends < today
	some p in c.products
	count(object.get(p, "assigned", []) ) > 0
}

counts := {
	"RC101": count(rc101),
	"RC102": count(rc102),
	"RC103": count(rc103),
	"RC104": count(rc104),
	"RC105": count(rc105),
	"RC106": count(rc106),
	"RC107": rc107,
	"RC201": rc201,
	"RC202": rc202,
	"RC301": count(rc301),
	"RC302": count(rc302),
	"RC303": count(rc303),
	"RC304": count(rc304),
	"RC305": count(rc305),
	"RC401": count(rc401),
	"RC402": count(rc402),
	"RC501": input.duplicate_users,
}
