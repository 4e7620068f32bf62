from .coverage import CommuneCoverage
from .history import SiteChange
from .network import Member, Permanence, ServiceOffer, Site
from .orientation import OrientationRule
from .people import Invitation, Professional
from .questions import Question, QuestionEvent
from .taxonomies import Audience, Job, Project, Scheme, Sector
from .territories import Commune, Department, EmploymentZone, Region

__all__ = [
    "Audience",
    "Commune",
    "CommuneCoverage",
    "Department",
    "EmploymentZone",
    "Invitation",
    "Job",
    "Member",
    "OrientationRule",
    "Permanence",
    "Professional",
    "Project",
    "Question",
    "QuestionEvent",
    "Region",
    "Scheme",
    "Sector",
    "ServiceOffer",
    "Site",
    "SiteChange",
]
