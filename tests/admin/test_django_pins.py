"""What the admin relies on in Django beyond its public extension points, pinned: an upgrade that
changes it fails here, loudly, instead of publishing a list action's draft wrongly.

The admin uses Django's public hooks (changeform_view, delete_view, save_form, save_model,
save_related, construct_change_message, get_formset_kwargs, render_delete_form, action_checkbox,
response_action). One private method stays: `ModelAdmin._create_formsets`, which *Publish selected*
uses to replay a saved draft through the item's own inlines exactly as the change form does (its
prefixes and per-inline permissions included). Writing our own copy would drift from Django's.
"""

from __future__ import annotations

import inspect

from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.forms.formsets import BaseFormSet
from django.test import RequestFactory

from igfapp.models import Article


def test_create_formsets_keeps_the_signature_the_list_action_calls():
    parameters = list(inspect.signature(ModelAdmin._create_formsets).parameters)
    assert parameters == ["self", "request", "obj", "change"]


def test_create_formsets_binds_each_inline_to_the_posted_data_through_get_formset_kwargs(small_site, editor):
    article = Article.objects.get(slug="basics")
    model_admin = admin.site.get_model_admin(Article)
    sections = list(article.sections.order_by("order"))
    data = {
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for i, section in enumerate(sections):
        data |= {f"sections-{i}-id": str(section.pk), f"sections-{i}-article": str(article.pk)}
    request = RequestFactory().post("/admin/", data)
    request.user = editor

    formsets, inlines = model_admin._create_formsets(request, article, change=True)

    assert len(formsets) == len(inlines) >= 1
    section_formsets = [f for f in formsets if f.prefix == "sections"]
    assert len(section_formsets) == 1
    formset = section_formsets[0]
    assert isinstance(formset, BaseFormSet) and formset.is_bound
    assert formset.data["sections-TOTAL_FORMS"] == str(len(sections))  # request.POST, as get_formset_kwargs gives it
    assert [form.instance.pk for form in formset.forms] == [s.pk for s in sections]
