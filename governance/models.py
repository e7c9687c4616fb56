"""Every model, imported in one place so migrations and drift checks see all tables."""

from governance.accounts.models import Organisation, RoleGrant, User
from governance.assessments.models import Assessment, DataScan, UseCase
from governance.audit import AuditChainHead, AuditEvent
from governance.notifications.models import OutboxMessage
from governance.records.models import SignedRecord, SigningCertificate
from governance.register.models import ImportedEntry, RegisterEntry, RegisterState
from governance.reviews.models import Condition, Decision, ReviewComment

__all__ = ["Assessment", "AuditChainHead", "AuditEvent", "Condition", "DataScan", "Decision", "ImportedEntry",
           "Organisation", "OutboxMessage", "RegisterEntry", "RegisterState", "ReviewComment", "RoleGrant",
           "SignedRecord", "SigningCertificate", "UseCase", "User"]
