from .taxonomies import Audience, Job, Project, Scheme, Sector
from .territories import Commune, Department, EmploymentZone, Region

__all__ = [
    "Audience",
    "Commune",
    "Department",
    "EmploymentZone",
    "Job",
    "Project",
    "Region",
    "Scheme",
    "Sector",
]
