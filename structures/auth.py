"""Logging in to the reserved space with an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """The e-mail address (in any case) and the password. E-mail addresses are unique among accounts
    (an index of the database, structures migration 0007), so an address names at most one person."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        model = get_user_model()
        user = model._default_manager.filter(email__iexact=username.strip()).first()
        if user is None:
            model().set_password(password)  # as long as a real check: no hint that the address is unknown
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes in the logs about a login attempt (settings.AXES_CLIENT_STR_CALLABLE):
    the page only. The address typed and the client's IP address stay out of the logs (they are in
    axes' tables, which `purge_personal_data` empties after the retention period)."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'{{path_info: "{path_info}"}}'
