"""Pop-up card fragments: the right definition per tier, public caching with ETags, references."""

import pytest
from django.test import SimpleTestCase

from igfapp.models import GlossaryTerm, Reference

TERM_CARD = "/cards/term/growth-hormone/"


def test_card_urls_are_named(small_site):
    from django.urls import reverse

    assert reverse("glossary-card", kwargs={"slug": "growth-hormone"}) == TERM_CARD
    assert reverse("reference-card", kwargs={"key": "smith"}) == "/cards/reference/smith/"


def test_plain_card_is_a_fragment_with_definition_and_more_link(client, small_site):
    response = client.get(TERM_CARD)
    assert response.status_code == 200
    SimpleTestCase().assertHTMLEqual(
        response.content.decode(),
        """
        <div class="popup-card popup-card--term" role="dialog" aria-labelledby="popup-card-title" data-popup-card>
          <p class="popup-card__kicker">Definition by the editors</p>
          <p class="popup-card__title" id="popup-card-title">Growth hormone</p>
          <p class="popup-card__body" data-popup-description>A hormone from the pituitary gland that tells the body to grow and repair.</p>
          <p class="popup-card__actions">
            <a class="popup-card__more" href="/glossary/growth-hormone/">Full entry: Growth hormone</a>
            <button type="button" class="popup-card__off" data-popups-off>Turn pop-ups off</button>
          </p>
        </div>
        """,
    )


def test_technical_level_shows_the_technical_definition(client, small_site):
    html = client.get(TERM_CARD, {"level": "technical"}).content.decode()
    assert "A pituitary peptide hormone that drives hepatic IGF-1 synthesis." in html
    assert "Technical definition by the editors" in html
    assert "tells the body to grow" not in html


def test_technical_level_falls_back_to_plain_when_there_is_no_technical_definition(client, small_site):
    html = client.get("/cards/term/igf-1/", {"level": "technical"}).content.decode()
    assert "A messenger made mostly in the liver" in html
    assert "Definition by the editors" in html and "Technical" not in html


@pytest.mark.parametrize("level", ["", "TECHNICAL", "academic", "<script>"])
def test_an_unknown_level_means_plain(client, small_site, level):
    response = client.get(TERM_CARD, {"level": level})
    assert response.status_code == 200
    assert "tells the body to grow" in response.content.decode()


def test_cards_are_public_cacheable_and_never_vary_by_user(client, small_site):
    response = client.get(TERM_CARD)
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    # Cached like a page: shared caches keep it for seconds, browsers ask again every time.
    assert {"public", "max-age=0", "s-maxage=5"} <= directives
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_repeat_request_with_the_etag_is_a_304(client, small_site):
    etag = client.get(TERM_CARD)["ETag"]
    repeat = client.get(TERM_CARD, headers={"If-None-Match": etag})
    assert repeat.status_code == 304
    assert repeat.content == b""


def test_the_etag_differs_by_level_and_changes_when_the_term_is_saved(client, small_site):
    plain = client.get(TERM_CARD)["ETag"]
    assert client.get(TERM_CARD, {"level": "technical"})["ETag"] != plain
    term = GlossaryTerm.objects.get(slug="growth-hormone")
    term.plain_definition = "A new definition."
    term.version += 1
    term.save()
    response = client.get(TERM_CARD, headers={"If-None-Match": plain})
    assert response.status_code == 200
    assert "A new definition." in response.content.decode()


def test_the_card_is_the_same_for_staff_and_readers(client, admin_client, small_site):
    assert admin_client.get(TERM_CARD).content == client.get(TERM_CARD).content


def test_draft_and_unknown_terms_have_no_card_even_for_staff(admin_client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(status="draft")
    assert admin_client.get("/cards/term/igf-1/").status_code == 404
    assert admin_client.get("/cards/term/no-such-term/").status_code == 404


def test_term_text_is_escaped(client, small_site):
    GlossaryTerm.objects.filter(slug="igf-1").update(term="<img src=x onerror=alert(1)>", plain_definition="a & <b>")
    html = client.get("/cards/term/igf-1/").content.decode()
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "a &amp; &lt;b&gt;" in html


def test_cards_answer_only_safe_methods(client, small_site):
    assert client.post(TERM_CARD).status_code == 405


# --- Reference cards ---------------------------------------------------------------------------


def test_reference_card_shows_authors_year_title_journal_and_accuracy(client, small_site):
    response = client.get("/cards/reference/smith/")
    html = response.content.decode()
    assert response.status_code == 200 and response["ETag"]
    assert "Reference printed in the source document" in html
    assert '<p class="popup-card__title" id="popup-card-title">A made-up test paper</p>' in html
    assert "Smith, A. (2000)." in html and "<i>Test Journal</i>" in html
    assert "popup-card__status--as-printed-unverified" in html
    assert 'href="/references/#ref-smith"' in html


def test_reference_card_names_the_real_paper_of_a_mismatch(client, small_site):
    smith, jones = Reference.objects.get(key="smith"), Reference.objects.get(key="jones")
    Reference.objects.filter(pk=smith.pk).update(status="mismatch", corrected_by=jones)
    html = client.get("/cards/reference/smith/").content.decode()
    assert "popup-card__status--mismatch" in html
    assert "The real paper: Jones 2001, “Another test paper”." in html


def test_reference_card_etag_follows_the_correction(client, small_site):
    before = client.get("/cards/reference/smith/")["ETag"]
    jones = Reference.objects.get(key="jones")
    Reference.objects.filter(key="smith").update(corrected_by=jones)
    assert client.get("/cards/reference/smith/")["ETag"] != before


def test_unknown_reference_has_no_card(client, small_site):
    assert client.get("/cards/reference/nobody/").status_code == 404
