"""Every model, imported in one place so migrations and drift checks see all tables."""

from governance.accounts.models import Organisation, RoleGrant, User
from governance.assessments.models import Assessment, DataScan, UseCase
from governance.audit import AuditEvent

__all__ = ["Assessment", "AuditEvent", "DataScan", "Organisation", "RoleGrant", "UseCase", "User"]
