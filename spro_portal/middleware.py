"""Security headers beyond Django's settings: Permissions-Policy, and the CSP with the admin's exception."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with settings.ADMIN_CSP_UPDATE added to the policy of the admin's pages
    (hashes of the few inline attributes of django-import-export's export form; no 'unsafe-inline')."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            parts.update = {**settings.ADMIN_CSP_UPDATE, **(parts.update or {})}
        return parts
