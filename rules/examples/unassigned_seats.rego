# METADATA
# title: a product has seats nobody is assigned to
# description: |
#   RC301 written as a policy: a product's `assigned` list is known and shorter than `seats`.
#   Where the inputs do not say who holds the seats, `assigned` is absent and the rule is quiet.
#   Plans and token packs (`data.rollcall.options.offerings`) are not products with seats.
# custom:
#   id: EX301
#   severity: warning
#   help: assign the free seats, or reduce the seat count at renewal
package rollcall.custom.unassigned_seats

deny contains result if {
	some i, c in input.contracts
	some j, p in c.products
	not data.rollcall.options.offerings[lower(p.name)]
	held := count(p.assigned)
	held < p.seats
	result := {
		"msg": sprintf("%d of %d seats of %s on contract %s are unassigned (%d assigned)", [p.seats - held, p.seats, p.name, c.number, held]),
		"subject": {"contract": c.number, "product": p.name},
		"at": ["contracts", i, "products", j, "seats"],
	}
}

test_fires_on_a_short_list if {
	r := deny with input as {"contracts": [{"number": "1", "products": [{"name": "Revit", "seats": 3, "assigned": [{"user": "a@x.example"}]}]}]}
	some f in r
	f.at == ["contracts", 0, "products", 0, "seats"]
	f.msg == "2 of 3 seats of Revit on contract 1 are unassigned (1 assigned)"
}

test_quiet_when_every_seat_is_held if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "products": [{"name": "Revit", "seats": 1, "assigned": [{"user": "a@x.example"}]}]}]}
}

test_quiet_on_a_plan if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "products": [{"name": "Premium", "seats": 6, "assigned": [{"user": "a@x.example"}]}]}]}
		with data.rollcall.options.offerings as {"premium": "plan"}
}

test_quiet_when_holders_are_unknown if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "products": [{"name": "Revit", "seats": 3}]}]}
}
