"""Security and privacy: the one allow-list (policy.py), checked on each rendered body (body_check.py) and on every
built page (site_audit.py); the files content may publish (files.py); personal data in case studies (privacy.py)."""
