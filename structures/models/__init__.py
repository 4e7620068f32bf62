from .history import SiteChange
from .network import Member, Permanence, ServiceOffer, Site
from .people import Invitation, Professional
from .taxonomies import Audience, Job, Project, Scheme, Sector
from .territories import Commune, Department, EmploymentZone, Region

__all__ = [
    "Audience",
    "Commune",
    "Department",
    "EmploymentZone",
    "Invitation",
    "Job",
    "Member",
    "Permanence",
    "Professional",
    "Project",
    "Region",
    "Scheme",
    "Sector",
    "ServiceOffer",
    "Site",
    "SiteChange",
]
