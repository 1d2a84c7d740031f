"""Roles: Editors change content but not users; non-staff get the login page; failed logins throttled."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from tests.admin_helpers import PASSWORD, editors_group

CONTENT_MODELS = ["article", "section", "reference", "glossaryterm", "mechanism", "lifestylefactor", "evidencenote"]


def test_the_editors_group_exists_with_content_permissions_only(db):
    permissions = set(editors_group().permissions.values_list("content_type__app_label", "codename"))

    for model in CONTENT_MODELS:
        assert ("igfapp", f"change_{model}") in permissions
        assert ("igfapp", f"view_{model}") in permissions
    assert {app for app, _ in permissions} == {"igfapp"}  # nothing on users, groups or login records
    assert ("igfapp", "delete_article") not in permissions  # whole items stay with superusers


@pytest.mark.parametrize(
    "model", ["article", "glossaryterm", "lifestylefactor", "reference", "mechanism", "evidencenote"]
)
def test_an_editor_can_open_every_content_list(small_site, editor_client, model):
    assert editor_client.get(reverse(f"admin:igfapp_{model}_changelist")).status_code == 200


def test_an_editor_cannot_manage_users(db, editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_a_logged_in_non_staff_user_gets_the_admin_login_page(db):
    User.objects.create_user("reader", password=PASSWORD)
    client = Client()
    client.login(username="reader", password=PASSWORD)

    response = client.get(reverse("admin:igfapp_article_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitors_get_the_admin_login_page(db):
    response = Client().get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_are_throttled_even_with_the_right_password(db, editor):
    AccessAttempt.objects.all().delete()  # a clean slate, whatever ran before
    client = Client(REMOTE_ADDR="203.0.113.9")
    login = reverse("admin:login")
    for _ in range(3):
        response = client.post(login, {"username": "edna", "password": "wrong"})
        assert response.status_code in {200, 429}

    locked = client.post(login, {"username": "edna", "password": PASSWORD})

    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_is_per_address_so_a_stranger_cannot_lock_an_editor_out(db, editor):
    AccessAttempt.objects.all().delete()
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        stranger.post(reverse("admin:login"), {"username": "edna", "password": "wrong"})

    own = Client(REMOTE_ADDR="198.51.100.7")
    response = own.post(reverse("admin:login"), {"username": "edna", "password": PASSWORD})

    assert response.status_code == 302
    assert own.session["_auth_user_id"] == str(editor.pk)


def test_a_successful_login_works(db, editor):
    AccessAttempt.objects.all().delete()
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "edna", "password": PASSWORD})
    assert response.status_code == 302
