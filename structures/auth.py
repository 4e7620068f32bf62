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
