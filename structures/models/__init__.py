from .network import Member, Permanence, ServiceOffer, Site
from .taxonomies import Audience, Job, Project, Scheme, Sector
from .territories import Commune, Department, EmploymentZone, Region

__all__ = [
    "Audience",
    "Commune",
    "Department",
    "EmploymentZone",
    "Job",
    "Member",
    "Permanence",
    "Project",
    "Region",
    "Scheme",
    "Sector",
    "ServiceOffer",
    "Site",
]
