"""Legal Basis Sync: keeps GDPR legal bases in step between SuperOffice CRM and eMarketeer."""

__version__ = "0.1.0"
