// Remove the PAIR weight of pairs ([a, b], a < b) left without any evidence (their last
// interaction evidence was deleted), so that path search no longer walks them.
UNWIND $pairs AS pair
MATCH (:Person {person_id: pair[0]})-[p:PAIR]->(:Person {person_id: pair[1]})
DELETE p
