"""Every model that users reach, and the fields that place it in someone's reach.

A model missing here is reachable by nobody through ``visible``/``get_for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    region: str                      # path to the 6-digit division code that places the row
    enterprise: str | None = None    # path to the enterprise id, for portal users
    department: str | None = None    # path to a routed department id, for department liaisons
    person: str | None = None        # path to the person id, for compatriots without enterprise
    # A row placed at a province or city (a campaign) is read by the offices below it too; they
    # still write only what their own ranges cover.
    seen_from_below: bool = False


SCOPES: dict[str, Scope] = {
    "enterprises.enterprise": Scope(region="region_id", enterprise="pk"),
    "enterprises.person": Scope(region="region_id", enterprise="affiliations__enterprise_id"),
    "enterprises.supportmeasure": Scope(region="enterprise__region_id",
                                        enterprise="enterprise_id"),
    "regions.region": Scope(region="code"),
    "appeals.appeal": Scope(region="region_id", enterprise="enterprise_id",
                            department="assignments__department_id", person="person_id"),
    "campaigns.campaign": Scope(region="scope_id", seen_from_below=True),
    "campaigns.team": Scope(region="campaign__scope_id", seen_from_below=True),
    "campaigns.survey": Scope(region="campaign__scope_id", seen_from_below=True),
    "campaigns.target": Scope(region="region_id"),
    "campaigns.visit": Scope(region="region_id"),
    "campaigns.distribution": Scope(region="region_id"),
    "campaigns.raisedappeal": Scope(region="region_id"),
    # A plan is its office's, placed at the office's division; a contact at its counterpart's.
    "liaison.liaisonplan": Scope(region="region_id"),
    "liaison.contact": Scope(region="region_id"),
    "hotlines.hotline": Scope(region="region_id"),
    "hotlines.call": Scope(region="region_id"),
    # A province's test-call round is read by the offices whose lines it checks.
    "hotlines.testcallround": Scope(region="scope_id", seen_from_below=True),
    "hotlines.testcall": Scope(region="region_id"),
    # A province's trade fair or a city's forum is read by the offices below it: their projects
    # were signed there.
    "gatherings.gathering": Scope(region="region_id", seen_from_below=True),
    "projects.project": Scope(region="region_id", enterprise="enterprise_id"),
    "projects.projectstage": Scope(region="region_id"),
    # A province's or city's policy is read by the offices below it, which push it further.
    "policies.policy": Scope(region="region_id", seen_from_below=True),
    "policies.policypush": Scope(region="region_id"),
    # A portal user reads the deliveries to their own enterprise.
    "policies.delivery": Scope(region="region_id", enterprise="enterprise_id"),
    "donations.donation": Scope(region="region_id"),
}


def scope_for(label: str) -> Scope:
    try:
        return SCOPES[label]
    except KeyError:
        raise LookupError(f"{label} is not registered in qinshang.access.scopes") from None
