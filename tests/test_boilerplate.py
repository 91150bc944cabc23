"""Unit tests of the junk-removal stages, on blocks built by hand."""
from __future__ import annotations

import pytest

from blocks import PROSE, PROSE_EN, dropped, kept, make_doc, run
from cleaner.patterns import load_patterns
from cleaner.stages.byline import BylineStage
from cleaner.stages.captions import CaptionsStage
from cleaner.stages.chrome import MENU_SEPARATOR, ChromeStage, entry_key
from cleaner.stages.comments import CommentsStage
from cleaner.stages.layout import LayoutStage
from cleaner.stages.newsletter import NewsletterStage
from cleaner.stages.paywall import PaywallStage
from cleaner.stages.share import ShareStage
from cleaner.stages.teaser import TeaserStage
from cleaner.stages.title import TitleStage


# ---- chrome and share: lines made only of items ---------------------------------
@pytest.mark.parametrize("line", [
    "top of page", "Bottom of page", "Editer l'article Suivre ce blog Administration + Créer mon blog",
    "Recherche", "Home | Search | Log in", "  • Menu",
    "Gérer les cookies Tout accepter", "Lire la suite", "Suivez-nous sur Instagram", "Créer un compte",
    "Manage preferences | Accept all cookies", "Continue reading", "Create an account · Follow us",
    "Get started", "Request a demo", "Learn more.", "En savoir plus", "Mehr erfahren", "Saiba mais", "Scopri di più",
    "Show more comments", "See more reviews",
])
def test_chrome_lines_are_dropped(line):
    doc = run(ChromeStage, f"{line}\n{PROSE}")
    assert dropped(doc) == {" ".join(line.split()): "chrome:items"}
    assert kept(doc) == [PROSE]


@pytest.mark.parametrize("line", [
    "La recherche avance vite dans ce domaine.", "Home is where the heart is", "Menu du jour : soupe",
    "Accueil des réfugiés en Europe", "Lire la suite de l'enquête demain.", "Accepter la défaite est difficile.",
    "Follow us as we walk the trail.", "Continue reading the report for the figures.",
    "Learn more about the new rules in our guide.", "Buy now",
])
def test_chrome_keeps_lines_with_other_words(line):
    assert dropped(run(ChromeStage, line)) == {}


@pytest.mark.parametrize("line", ["Accueil | Politique | Économie | Culture | Recherche", "HOME • ABOUT • BLOG • SHOP • CONTACT"])
def test_a_menu_with_section_names_on_one_line_is_dropped(line):
    doc = run(ChromeStage, f"{line}\n{PROSE}")
    assert dropped(doc) == {line: "chrome:menu"} and kept(doc) == [PROSE]


@pytest.mark.parametrize("line", [
    "Apple Podcasts | Spotify | YouTube | iHeartRadio",  # no menu item among them
    "Capacity: 30 ounces | Dimensions: 6.5 x 4.5 inches | Contact us",  # a spec line: items too long
    "Home | Search",  # two items with nothing unknown: the items rule's case, not this one's
])
def test_pipe_lists_that_are_no_menu_stay(line):
    doc = run(ChromeStage, f"{line}\n{PROSE}")
    assert "chrome:menu" not in dropped(doc).values()


@pytest.mark.parametrize("line, parts", [
    ("Accueil | Politique | Recherche", ["Accueil", "Politique", "Recherche"]),
    ("HOME • ABOUT · BLOG / SHOP", ["HOME", "ABOUT", "BLOG", "SHOP"]),
    ("Home|News  |Sport", ["Home", "News", "Sport"]),  # a bar needs no spaces around it, the others do
    ("Ouvert 24/7 • Livraison", ["Ouvert 24/7", "Livraison"]),
    ("Accueil | | Contact", ["Accueil", "", "Contact"]),  # a bar right after a separator opens the next one
])
def test_menu_separators(line, parts):
    assert MENU_SEPARATOR.split(line) == parts


@pytest.mark.parametrize("line", ["Partager cet article", "Repost0", "Facebook Twitter LinkedIn", "Share on Facebook", "Tweet"])
def test_share_lines_are_dropped(line):
    assert dropped(run(ShareStage, line)) == {line: "share:items"}


def test_share_keeps_a_sentence_about_sharing():
    assert dropped(run(ShareStage, "Il a partagé cet article avec ses collègues sur Facebook.")) == {}


@pytest.mark.parametrize("line", ["1,693 views", "12k views · 300 likes", "350 visualizações"])
def test_view_and_like_counters_are_dropped(line):
    assert dropped(run(ShareStage, line)) == {line: "share:items"}


def test_a_sentence_with_a_view_count_stays():
    assert dropped(run(ShareStage, "The video passed 2 million views in a day.", "en")) == {}


# ---- paywall ----------------------------------------------------------------------
def test_paywall_prompts():
    doc = run(PaywallStage, "Lecture audio réservée aux abonnés\nCe service est réservé aux abonnés. S’identifier\n"
                            "Already a subscriber? Log in\n" + PROSE)
    assert set(dropped(doc).values()) == {"paywall:prompt"} and len(dropped(doc)) == 3
    assert kept(doc) == [PROSE]


def test_paywall_leaves_long_paragraphs():
    long = "Le journal réservé aux abonnés " + PROSE + " " + PROSE
    assert dropped(run(PaywallStage, long)) == {}


# ---- newsletter: the whole box -------------------------------------------------------
BOX = """La newsletter international
Tous les mardis à 11h
Recevez le meilleur de l’actualité internationale.
Votre adresse email n'est pas valide
Merci !
En vous inscrivant, vous acceptez les conditions générales d’utilisations."""


def test_newsletter_box_is_dropped_whole():
    doc = run(NewsletterStage, f"{PROSE}\n{BOX}\n{PROSE}")
    assert len(doc.removed) == 6 and all(c.label == "newsletter:box" for c in doc.removed)
    assert kept(doc) == [PROSE, PROSE]


def test_newsletter_box_stops_at_a_paragraph():
    doc = run(NewsletterStage, f"Inscrivez-vous à notre newsletter\n{PROSE}\nSignez ici votre adresse email")
    assert kept(doc) == [PROSE]


def test_newsletter_word_in_a_long_paragraph_is_kept():
    text = "The newsletter reported that " + PROSE_EN
    assert dropped(run(NewsletterStage, text, "en")) == {}


# ---- teasers -----------------------------------------------------------------------------
def test_teaser_lines():
    doc = run(TeaserStage, f"{PROSE}\nREAD  Driggs du Plessis remporte une décision partagée\n"
                           f"Read more: Ten things to know about tax brackets\n{PROSE}", "en")
    assert set(dropped(doc).values()) == {"teaser:line"} and len(doc.removed) == 2


def test_teaser_marker_alone_takes_the_headline_below():
    doc = run(TeaserStage, f"{PROSE}\nÀ lire aussi\nServices secrets russes : à la conquête du Kremlin\n{PROSE}")
    assert kept(doc) == [PROSE, PROSE]


def test_teaser_glued_inside_a_paragraph_is_cut():
    text = ("Washington craignait un accord en Ukraine. À LIRE AUSSI Services secrets russes : à la conquête du "
            "KremlinParti dimanche soir de Pyongyang, Kim Jong-un voyage.")
    doc = run(TeaserStage, text)
    assert kept(doc) == ["Washington craignait un accord en Ukraine. Parti dimanche soir de Pyongyang, Kim Jong-un voyage."]
    (fix,) = doc.fixes
    assert fix.label == "teaser:inline" and "À LIRE AUSSI" in fix.before and "À LIRE" not in fix.after


def test_teaser_inline_without_a_clear_end_is_only_a_warning():
    text = "Il est parti. LIRE AUSSI le rapport complet, qui décrit une longue série d'événements " + PROSE
    doc = run(TeaserStage, text)
    assert kept(doc) == [text] and [w.label for w in doc.warnings] == ["teaser:inline_unsure"]


@pytest.mark.parametrize("line, label", [
    ("Related: The 15 Weirdest Galaxies in Our Universe", "teaser:line"),
    ("Related: the committee's report is due in May, officials said.", None),
])
def test_a_related_colon_line(line, label):
    doc = run(TeaserStage, f"{PROSE_EN}\n{line}\n{PROSE_EN}", "en")
    assert dropped(doc).get(line) == label


@pytest.mark.parametrize("heading", ["Related Links", "Related links:", "Trending News", "Popular articles",
                                     "Recommended Reading"])
def test_more_teaser_list_headings(heading):
    doc = run(TeaserStage, f"{PROSE_EN}\n{heading}\nAnother story's headline\n{PROSE_EN}", "en")
    assert dropped(doc) == {heading: "teaser:list_heading", "Another story's headline": "teaser:list_item"}


def test_read_more_under_every_item_is_a_link_label_not_a_list_heading():
    items = ["Why tutoring works", "The Partnership for Student Success", "Tutoring options compared",
             "The Center for Education Market Dynamics", "Funding tutoring programs", "National Accelerator"]
    lines = [PROSE_EN]
    for title, source in zip(items[::2], items[1::2]):
        lines += [title, source, "Read More"]
    doc = run(TeaserStage, "\n".join(lines), "en")
    assert kept(doc) == [PROSE_EN, *items]
    assert set(dropped(doc).values()) == {"teaser:label"} and len(doc.removed) == 3


def test_teaser_words_inside_a_sentence_are_not_teasers():
    text = "Il faut lire aussi le rapport. Voir aussi les annexes pour plus de détails sur ce point précis."
    doc = run(TeaserStage, text)
    assert kept(doc) == [text] and not doc.changes


def test_teaser_list_under_a_heading():
    doc = run(TeaserStage, f"{PROSE}\nÀ ne pas manquer\nLe titre d'un autre article\nUn second titre\n{PROSE}")
    assert kept(doc) == [PROSE, PROSE]
    assert dropped(doc)["À ne pas manquer"] == "teaser:list_heading"


# ---- comments ----------------------------------------------------------------------------
def test_comment_section_goes_to_the_end():
    doc = run(CommentsStage, f"{PROSE}\n{PROSE}\n{PROSE}\nCommentaires (30)\n  • Aveltan\n{PROSE}\n  • Legoff\nBon article.")
    assert kept(doc) == [PROSE] * 3
    labels = [c.label for c in doc.removed]
    assert labels[0] == "comments:heading" and set(labels[1:]) == {"comments:section"}


def test_comment_heading_above_the_article_goes_alone():
    doc = run(CommentsStage, f"3 comments\n{PROSE}\n{PROSE}", "en")
    assert kept(doc) == [PROSE, PROSE]


def test_comments_link_by_the_byline_over_a_long_article_goes_alone():
    """A "Join the conversation" link under the byline, a standfirst of prose above it: the
    article below is longer than what is above, and the real comments heading comes later."""
    page = f"{PROSE}\n" * 3 + "Join the conversation\n" + f"{PROSE}\n" * 8 + "Comments\nGreat read, thanks for this piece."
    doc = run(CommentsStage, page, "en")
    assert kept(doc) == [PROSE] * 11
    assert dropped(doc)["Join the conversation"] == "comments:heading"
    assert dropped(doc)["Great read, thanks for this piece."] == "comments:section"


def test_comment_link_in_a_bulleted_menu_goes_alone():
    doc = run(CommentsStage, f"{PROSE}\n{PROSE}\n{PROSE}\n  • Comments\n{PROSE}", "en")
    assert kept(doc) == [PROSE] * 4


@pytest.mark.parametrize("line", ["0 / 2000", "Lire la charte de modération",
                                  "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
                                  "Your email address will not be published. Required fields are marked *"])
def test_comment_form_lines(line):
    assert dropped(run(CommentsStage, f"{line}\n{PROSE}")) == {line: "comments:form"}


# ---- table of contents ----------------------------------------------------------------------
def test_table_of_contents_goes_and_the_headings_it_points_to_stay():
    text = "\n".join(["Table of Contents", "• 1. Why it matters", "• 2. How to start", PROSE_EN,
                      "Why it matters", PROSE_EN, "How to start", PROSE_EN])
    doc = run(ChromeStage, text, "en")
    assert dropped(doc) == {"Table of Contents": "chrome:contents", "• 1. Why it matters": "chrome:contents",
                            "• 2. How to start": "chrome:contents"}
    assert kept(doc) == [PROSE_EN, "Why it matters", PROSE_EN, "How to start", PROSE_EN]


def test_a_contents_heading_alone_goes_and_lines_not_found_again_stay():
    text = "\n".join(["Sommaire :", "Les chiffres clés", "Ce qui change en 2024", PROSE])
    doc = run(ChromeStage, text)
    assert dropped(doc) == {"Sommaire :": "chrome:contents"}
    assert kept(doc) == ["Les chiffres clés", "Ce qui change en 2024", PROSE]


@pytest.mark.parametrize("line", ["In this article, we compare the ten apps most people use.", "Contents of the box"])
def test_a_sentence_about_contents_is_no_heading(line):
    assert dropped(run(ChromeStage, f"{line}\n{PROSE_EN}", "en")) == {}


@pytest.mark.parametrize("entry, key", [
    ("• 1. Why it matters", "why it matters"), ("  2.3) How to start …", "how to start"),
    ("► Les chiffres clés :", "les chiffres clés"), ("— Ce qui change en 2024.", "ce qui change en 2024"),
    ("1. ...", ""), ("... et après", "... et après"), ("Conclusion : ", "conclusion"),
])
def test_a_contents_entry_is_compared_without_its_bullet_number_and_trailing_dots(entry, key):
    assert entry_key(entry) == key


# ---- captions -------------------------------------------------------------------------------
def test_caption_printed_twice_then_with_credit():
    cap = "Vladimir Poutine et Kim Jong-un au cosmodrome de Vostotchny le 13 septembre 2023."
    doc = run(CaptionsStage, f"{cap}\n{cap} © VLADIMIR SMIRNOV / POOL / AFP\n{PROSE}")
    assert kept(doc) == [PROSE]
    assert [c.label for c in doc.removed] == ["captions:repeated", "captions:credit"]


def test_identical_adjacent_captions_both_go():
    doc = run(CaptionsStage, f"Visite de l'aérodrome de Vostotchny\nVisite de l'aérodrome de Vostotchny\n{PROSE}")
    assert kept(doc) == [PROSE]


@pytest.mark.parametrize("line", [
    "Le dirigeant quitte le cosmodrome le 13 septembre 2023 ( POOL / Pavel Byrkin )",
    "Photo de l'agence prise le 13 septembre 2023 ( KCNA VIA KNS / STR )",
    "Crédit photo : Jean Dupont", "[image]",
    "Le président à l'Élysée le 3 mai 2024. LUDOVIC MARIN / AFP", "Vue du port de Gênes (Marco Bertorello/AFP) ",
])
def test_credit_lines(line):
    assert list(dropped(run(CaptionsStage, f"{line}\n{PROSE}")).values())[0].startswith("captions:")


@pytest.mark.parametrize("line, label", [
    ("A screenshot of the shipment tracking page.", "captions:description"),
    ("Illustration of the three pillars of search optimisation", "captions:description"),
    ("Capture d'écran de la page de suivi des colis.", "captions:description"),
    ("Infografía de los precios de la vivienda en 2024", "captions:description"),
    ("Yersinia pestis causes the plague (Image: GETTY)", "captions:credit"),
    ("[svg][team-photo]", "captions:placeholder"),
    ("[68dacc7f64]", "captions:placeholder"),
    ("[INS::INS]", "captions:placeholder"),
    ("[svg] [hero_image.jpg]", "captions:placeholder"),
    ("[ad-slot][300x250][img]", "captions:placeholder"),
])
def test_picture_descriptions_credits_and_alt_text(line, label):
    doc = run(CaptionsStage, f"{PROSE}\n{line}\n{PROSE}")
    assert dropped(doc) == {line: label} and kept(doc) == [PROSE, PROSE]


@pytest.mark.parametrize("text", [
    "La guerre de Corée (1950-1953) a laissé des traces.",
    "Le ratio (prix / bénéfice) reste élevé pour ces entreprises.",
    "Background\nBackground checks are now required for every new employee in the state, the law says.",
    # a picture named in a sentence that goes on, a bracketed word that is no file name
    "The photo of the crash spread across social networks within hours, and the airline had to answer for it before "
    "the end of the day, its chief executive said on Tuesday in a statement that ran to four pages.",
    "[Wired]", "[1]  The report, page 12.", "[[file_1]]", "[Wired] [Vogue]",
    "L'AFP a publié ces chiffres lundi.",  # an agency named inside a sentence is no credit
])
def test_captions_keep_text(text):
    assert dropped(run(CaptionsStage, text)) == {}


# ---- bylines, dates, reading times -> metadata ------------------------------------------------
def test_byline_lines_become_metadata():
    doc = run(BylineStage, "  • Photo du rédacteur: Ludeny Eugene\n    Ludeny Eugene\n  • 20 juin 2024\n"
                           f"  • 4 min de lecture\n{PROSE}")
    assert kept(doc) == [PROSE]
    assert doc.metadata["author"] == "Ludeny Eugene" and doc.metadata["published"] == "2024-06-20"
    assert doc.metadata["reading_time"] == "4 min de lecture"
    assert [c.rule for c in doc.removed] == ["author", "author_repeat", "date", "reading_time"]


def test_byline_with_agency_and_date_widget():
    doc = run(BylineStage, f"Par L.L avec AFP\n14 septembre 2023 4 14 /09 /septembre /2023 20:12\n{PROSE}")
    assert doc.metadata["author"] == "L.L avec AFP" and doc.metadata["published"] == "2023-09-14"
    assert kept(doc) == [PROSE]


def test_one_line_with_author_date_and_reading_time():
    doc = run(BylineStage, f"By Jane Doe | June 20, 2024 | 4 min read\n{PROSE_EN}", "en")
    assert kept(doc) == [PROSE_EN] and doc.metadata["published"] == "2024-06-20"
    assert doc.removed[0].rule == "author"
    assert doc.removed[0].reason == "author, date, reading_time line, kept as metadata"


@pytest.mark.parametrize("line, rule, parts, meta", [
    ("Published Monday, November 18, 2019 8:22AM EST", "date", "date", {"published": "2019-11-18"}),
    ("PUBLISHED: November 19, 2019 at 8:59 pm | UPDATED: November 19, 2019 at 10:16 pm", "date", "date",
     {"published": "2019-11-19"}),
    ("Published November 20th, 2019 - 07:29 GMT", "date", "date, time", {"published": "2019-11-20"}),
    ("Published: Nov. 19, 2019, 6:18 p.m. Updated: Nov. 19, 2019, 7:10 p.m.", "date", "date", {"published": "2019-11-19"}),
    ("segunda-feira, 22 de janeiro de 2018 às 0:13", "date", "date", {"published": "2018-01-22"}),
    ("Nov 08, 2025 7 min read", "date", "date, reading_time", {"published": "2025-11-08", "reading_time": "7 min read"}),
    ("by Jacob Trussell—10 min read", "author", "author, reading_time", {"author": "Jacob Trussell"}),
    ("December 15, 2025 // 8 min read", "date", "date, reading_time", {"published": "2025-12-15"}),
    ("By Jane Doe Published June 3, 2024", "author", "author, date", {"author": "Jane Doe", "published": "2024-06-03"}),
    ("Par Jean Dupont Publié le 14 septembre 2023 à 18h12", "author", "author, date", {"author": "Jean Dupont"}),
    ("Jean Dupont, publié le 3 mars 2024", "name", "name, date", {"published": "2024-03-03"}),
    ("Lecture 4 min.", "reading_time", "reading_time", {"reading_time": "Lecture 4 min."}),
    ("First published on November 19, 2019 / 8:16 AM", "date", "date", {"published": "2019-11-19"}),
])
def test_date_lines_with_times_and_glued_reading_times(line, rule, parts, meta):
    doc = run(BylineStage, f"{line}\n{PROSE_EN}", "en")
    assert kept(doc) == [PROSE_EN] and doc.removed[0].rule == rule
    assert doc.removed[0].reason == f"{parts} line, kept as metadata"
    assert meta.items() <= doc.metadata.items()


@pytest.mark.parametrize("line, parts", [
    ("Jean Dupont, publié le 3 mars 2024", ["Jean Dupont", "publié le 3 mars 2024"]),
    ("Posted by Anna on 3 May 2021;; Updated 4 May", ["Posted by Anna on 3 May 2021", "Updated 4 May"]),
    ("Jane Doe ,  published June 3", ["Jane Doe", "published June 3"]),
    (", Updated 4 May", [",", "Updated 4 May"]),  # a run opening the line: from after its first comma
    ("Unpublished notes, republished", ["Unpublished notes, republished"]),  # no clause opens here
])
def test_a_date_clause_is_split_off_where_its_run_of_separators_starts(line, parts):
    assert BylineStage(load_patterns()).clause.split(line) == parts


@pytest.mark.parametrize("label", ["Written by", "Written By:", "Par"])
def test_a_lone_byline_prefix_takes_the_name_below(label):
    doc = run(BylineStage, f"{label}\nMadeline Puckette\n{PROSE_EN}", "en")
    assert kept(doc) == [PROSE_EN] and doc.metadata["author"] == "Madeline Puckette"


def test_lone_prefixes_under_every_item_of_a_list_stay():
    text = "\n".join(["Teaching Spanish Online", "By:", "Rose Potter", "Heritage Speakers", "By:", "Orlando Kelm",
                      "Learning Portuguese", "By:", "Dale Koike", PROSE_EN])
    assert dropped(run(BylineStage, text, "en")) == {}


def test_a_lone_prefix_above_a_sentence_stays():
    doc = run(BylineStage, f"{PROSE_EN}\nBy\nthe end of the year the plan was dropped.", "en")
    assert dropped(doc) == {}


@pytest.mark.parametrize("text", [
    f"{PROSE_EN}\n07:29 GMT\n{PROSE_EN}",  # a time alone heads a live blog's entry
    "The meeting ran 15 min read aloud by the chair.",
    "Founded in 2019, the group meets at 8:30 pm on Mondays.",
    "Jane Doe | John Roe", "Le projet a été publié le 3 mars 2024 par la mairie.",
])
def test_byline_keeps_lone_times_and_sentences(text):
    assert dropped(run(BylineStage, text, "en")) == {}


def test_date_label_glued_to_a_caption_is_cut_off():
    doc = run(BylineStage, "date 2023-09 Le président russe lors d'une rencontre ( POOL / X )")
    assert doc.metadata["published"] == "2023-09"
    assert kept(doc) == ["Le président russe lors d'une rencontre ( POOL / X )"]


@pytest.mark.parametrize("text", [
    "Par ailleurs, la Russie respecte les sanctions.",
    "De Gaulle a dit non",
    f"{PROSE}\n12 mars 2021\n{PROSE}",  # a dated heading inside a timeline
])
def test_byline_keeps_prose_and_timeline_dates(text):
    assert dropped(run(BylineStage, text)) == {}


# ---- title and masthead -------------------------------------------------------------------------
def test_a_caption_cut_over_two_lines_goes_whole_in_a_text_dump():
    first = "Le président russe Vladimir Poutine (d) et le dirigeant"
    second = "nord-coréen Kim Jong Un (g) au cosmodrome ( POOL / Vladimir SMIRNOV )"
    doc = run(CaptionsStage, f"{first}\n{second}\n{PROSE}")
    assert kept(doc) == [PROSE] and dropped(doc)[first] == "captions:credit"
    html = make_doc(f"{first}\n{second}\n{PROSE}", fmt="html")
    CaptionsStage(load_patterns()).run(html)
    assert kept(html) == [first, PROSE]  # HTML: no wrapped lines, the stage is as it was


def test_title_and_masthead_become_metadata():
    """An HTML page without a title in its markup: the first headline-shaped line is the title."""
    doc = make_doc(f"Poutine se rend en Corée du Nord pour la première fois\n\nCNN\n{PROSE}", fmt="html")
    TitleStage(load_patterns()).run(doc)
    assert doc.metadata["title"] == "Poutine se rend en Corée du Nord pour la première fois"
    assert doc.metadata["site"] == "CNN" and kept(doc) == [PROSE]


def test_in_a_text_dump_the_title_stage_takes_only_the_headline_header_chose():
    """Text dumps: the `header` stage chooses the headline (or none); alone, `title` guesses none."""
    text = f"Poutine se rend en Corée du Nord pour la première fois\n\nCNN\n{PROSE}"
    doc = run(TitleStage, text)
    assert "title" not in doc.metadata and doc.metadata["site"] == "CNN"
    assert kept(doc) == ["Poutine se rend en Corée du Nord pour la première fois", PROSE]
    doc = make_doc(text)
    doc.metadata["title"] = "Poutine se rend en Corée du Nord pour la première fois"
    doc.read_metadata_from(doc.blocks[0], ("title",))
    TitleStage(load_patterns()).run(doc)
    assert kept(doc) == [PROSE] and doc.blocks[0].dropped.gave == ("title",)


def test_single_name_on_the_first_line_is_the_site():
    doc = run(TitleStage, f"Overblog\n{PROSE}")
    assert doc.metadata["site"] == "Overblog" and "title" not in doc.metadata


def test_no_title_when_the_page_opens_with_prose():
    doc = run(TitleStage, f"{PROSE}\nUn intertitre au milieu\n{PROSE}")
    assert not doc.removed and "title" not in doc.metadata


def test_known_title_from_markup_is_removed_from_the_body():
    doc = make_doc(f"Un titre connu\n{PROSE}")
    doc.metadata["title"] = "Un titre connu"
    TitleStage(load_patterns()).run(doc)
    assert kept(doc) == [PROSE]


# ---- layout: neighbours ------------------------------------------------------------------------
def test_orphan_label_and_stranded_line():
    doc = make_doc(f"{PROSE}\nSources :\nPartager cet article\nMerci\nRepost0")
    ShareStage(load_patterns()).run(doc)
    LayoutStage(load_patterns()).run(doc)
    assert kept(doc) == [PROSE]
    assert dropped(doc)["Sources :"] == "layout:orphan_label" and dropped(doc)["Merci"] == "layout:stranded"


def test_layout_keeps_a_heading_between_paragraphs():
    doc = run(LayoutStage, f"{PROSE}\n- Démonstration militaire -\n{PROSE}\nNotes :\n{PROSE}")
    assert not doc.removed


def test_lines_without_words_go():
    doc = run(LayoutStage, f"{PROSE}\n━━━━━━━━━━━━━━━\n  •\n{PROSE}")
    assert kept(doc) == [PROSE, PROSE] and set(dropped(doc).values()) == {"layout:no_words"}


def test_paragraph_printed_twice_keeps_one_copy():
    doc = make_doc(f"{PROSE}\n{PROSE}")
    CaptionsStage(load_patterns()).run(doc)
    LayoutStage(load_patterns()).run(doc)
    assert kept(doc) == [PROSE] and dropped(doc) == {PROSE: "layout:duplicate"}


# ---- more languages: the same kinds, from data only -------------------------------------------
# Each row: language, a stage, a junk line in that language, the label it must get.
MORE_LANGUAGES = [
    ("es", ChromeStage, "Inicio | Buscar | Contacto", "chrome:items"),
    ("pt", ShareStage, "Compartilhe Imprimir", "share:items"),
    ("de", TeaserStage, "Lesen Sie auch: Neue Brücke über den Rhein eröffnet", "teaser:line"),
    ("it", PaywallStage, "Questo articolo è riservato agli abbonati", "paywall:prompt"),
    ("nl", NewsletterStage, "Schrijf je in voor onze nieuwsbrief", "newsletter:box"),
    ("es", BylineStage, "Por Juan Pérez", "byline:author"),
    ("it", BylineStage, "di Mario Rossi", "byline:author"),
    # cookie banners and read-on / follow links, lines made only of them
    ("es", ChromeStage, "Configurar cookies Aceptar todo", "chrome:items"),
    ("pt", ChromeStage, "Gerenciar cookies | Rejeitar tudo", "chrome:items"),
    ("de", ChromeStage, "Alle akzeptieren Einstellungen verwalten", "chrome:items"),
    ("it", ChromeStage, "Continua a leggere", "chrome:items"),
    ("nl", ChromeStage, "Volg ons op Instagram", "chrome:items"),
    # photo credits
    ("es", CaptionsStage, "Foto: Juan Pérez", "captions:credit"),
    ("pt", CaptionsStage, "Imagem: Maria Silva", "captions:credit"),
    ("de", CaptionsStage, "Bild: Hans Müller", "captions:credit"),
    ("it", CaptionsStage, "Fotografia: Mario Rossi", "captions:credit"),
    ("nl", CaptionsStage, "Beeld: Jan de Vries", "captions:credit"),
    # blog-platform share links, one per line
    ("en", ShareStage, "• Click to share on Facebook (Opens in new window)", "share:items"),
    ("fr", ShareStage, "Cliquez pour partager sur Twitter(ouvre dans une nouvelle fenêtre)", "share:items"),
    ("es", ShareStage, "Haz clic para compartir en Facebook (Se abre en una ventana nueva)", "share:items"),
    ("pt", ShareStage, "Clique para compartilhar no WhatsApp (abre em nova janela)", "share:items"),
    ("de", ShareStage, "Klicken, um auf Facebook zu teilen (Wird in neuem Fenster geöffnet)", "share:items"),
    ("it", ShareStage, "Fai clic per condividere su LinkedIn (Si apre in una nuova finestra)", "share:items"),
    ("nl", ShareStage, "Klik om te delen op Twitter (Wordt in een nieuw venster geopend)", "share:items"),
]


@pytest.mark.parametrize("language, stage, line, label", MORE_LANGUAGES)
def test_junk_in_more_languages(language, stage, line, label):
    doc = run(stage, f"{PROSE}\n{line}\n{PROSE}", language)
    assert dropped(doc).get(line.strip()) == label, dropped(doc)
    assert kept(doc) == [PROSE, PROSE]


@pytest.mark.parametrize("heading", ["Comentarios (12)", "Kommentare", "Commenti", "Comentários", "Reacties"])
def test_comment_sections_in_more_languages(heading):
    doc = run(CommentsStage, f"{PROSE}\n{PROSE}\n{PROSE}\n{heading}\n{PROSE}", "fr")
    assert kept(doc) == [PROSE, PROSE, PROSE]
    assert dropped(doc)[heading] == "comments:heading"


def test_a_name_after_a_lower_case_particle_is_not_a_byline():
    doc = run(BylineStage, f"{PROSE}\nDi Maio\n{PROSE}", "it")
    assert "Di Maio" in kept(doc)


def test_a_page_of_short_lines_has_no_header_to_take_a_title_from():
    lines = ["Ingredients", "2 eggs", "100 g flour", "1 cup milk", "A pinch of salt"]
    doc = run(TitleStage, "\n".join(lines), "en")
    assert kept(doc) == lines and "title" not in doc.metadata


@pytest.mark.parametrize("language, line, iso", [
    ("es", "Publicado el 12 de octubre de 2023", "2023-10-12"), ("pt", "3 de março de 2024", "2024-03-03"),
    ("it", "Pubblicato il 5 maggio 2024", "2024-05-05"), ("nl", "3 maart 2024", "2024-03-03"),
    ("de", "Veröffentlicht am 3. März 2024, 14:30 Uhr", "2024-03-03"), ("de", "Montag, 4. November 2024", "2024-11-04"),
])
def test_date_lines_in_more_languages(language, line, iso):
    doc = run(BylineStage, f"{line}\n{PROSE}", language)
    assert dropped(doc)[line] == "byline:date" and doc.metadata["published"] == iso
    assert kept(doc) == [PROSE]
