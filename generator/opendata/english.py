"""English descriptions of the published fields, for the structure files of the open-data layout.

The recommendations ask for an English description of every field beside the Russian one; the Table Schemas
carry only Russian titles, so the English text lives here. A field missing from this list gets its name in words.
"""

from __future__ import annotations

FIELDS = {
    "code": "Code", "name": "Name", "ege_min_score": "Minimum passing score of the Unified State Exam (EGE)",
    "org_id": "Organisation identifier in the registry", "year": "School year (the calendar year in which it ends)",
    "subject": "Subject code", "participants": "Number of participants", "mean_score": "Mean test score",
    "below_min": "Participants below the minimum score", "ge70": "Participants scoring 70 or more",
    "ge80": "Participants scoring 80 or more", "ge90": "Participants scoring 90 or more",
    "score100": "Participants scoring 100", "medalists": "Graduates awarded the medal for academic excellence",
    "medalists_not_confirmed": "Medalists scoring below 70", "mark2": "Participants with mark 2 (fail)",
    "mark3": "Participants with mark 3", "mark4": "Participants with mark 4", "mark5": "Participants with mark 5",
    "grade": "Grade (school class)", "lowered": "Participants whose test mark is below their term mark",
    "confirmed": "Participants whose test mark equals their term mark",
    "raised": "Participants whose test mark is above their term mark", "stage": "Olympiad stage",
    "winners": "Winners", "prize_winners": "Prize-winners", "graduates": "Graduates",
    "admitted": "Graduates admitted to the final state examinations", "certified": "Graduates awarded the certificate",
    "with_honours": "Graduates awarded the certificate with honours", "slug": "Identifier used in web addresses",
    "description": "Description", "short_name": "Short name", "direction": "Direction of the quality monitoring",
    "kind": "Kind", "unit": "Unit of measurement", "aggregation": "Aggregation method (share, mean, ratio, sum)",
    "numerator": "Numerator", "denominator": "Denominator", "polarity": "Polarity (whether a higher value is better)",
    "level": "Level (organisation or municipality)", "applies_to": "Type of organisations the indicator applies to",
    "population": "Population described (pupils, staff, organisations)", "method": "How the value is obtained (computed or reported)",
    "formula": "Calculation formula", "source": "Data source", "periodicity": "Periodicity", "headline": "Headline indicator",
    "indicator": "Indicator code", "value": "Value", "comment": "Comment", "oktmo": "Municipality code (OKTMO)",
    "region": "Region of the Russian Federation", "region_code": "Region code", "inn": "Taxpayer identification number (INN)",
    "ogrn": "Primary state registration number (OGRN)", "kpp": "Tax registration reason code (KPP)",
    "full_name": "Full name", "type": "Type of organisation", "parent_org_id": "Parent organisation identifier",
    "address": "Address", "locality": "Urban or rural locality", "website": "Official website", "email": "E-mail",
    "phone": "Telephone", "latitude": "Latitude", "longitude": "Longitude", "status": "Status", "basis": "Basis of the status",
    "entity_type": "Level of the entity (organisation, municipality, region)", "entity_id": "Entity identifier",
    "entity_name": "Entity name", "previous": "Value of the previous year", "change": "Change from the previous year",
    "verdict": "Assessment of the change (better, worse, same)", "trend": "Trend over the published years",
    "municipal_value": "Value of the municipality", "regional_value": "Value of the region",
    "suppressed": "Values withheld to protect small groups", "suppression": "Kind of suppression (primary or secondary)",
}


def describe(field: str) -> str:
    return FIELDS.get(field, field.replace("_", " ").capitalize())
