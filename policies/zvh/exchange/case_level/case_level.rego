# METADATA
# title: Updates about the case as a whole
# description: |
#   A flow without a person (a push about the case, not about one of its persons) may
#   carry only what describes the case's process: when the case meeting met and meets
#   next, which actions were agreed and who carries them. The covenant names these
#   fields per category (case_level_fields); a category without them is about a person
#   and never travels without one. Such an update tells no one anything about a person,
#   so it asks no consent: the case process is its ground.
package zvh.exchange.case_level

about_the_case(req) if req.person == null

describes_the_case(category) if count(object.get(category, "case_level_fields", [])) > 0

fields(category) := {field | some field in object.get(category, "case_level_fields", [])}
