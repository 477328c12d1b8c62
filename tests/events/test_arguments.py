"""Sources and targets from the parse, on parses built by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from support import code_parse, hand_parse

from sitrep import Extractor
from sitrep.events.arguments import Arguments, misparsed, reduced_passive
from sitrep.events.patterns import default_patterns
from sitrep.records import Event
from sitrep.schema import validate_document

DAY = dt.date(2022, 2, 25)


def events(extractor: Extractor, text: str, table: str) -> tuple[Event, ...]:
    return code_parse(extractor, text, table, DAY).events


def pair(event: Event) -> tuple[str | None, str | None]:
    return (event.source.code if event.source else None, event.target.code if event.target else None)


def test_the_passive_swaps_source_and_target(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Ukraine was attacked by Russia.",
        """
        Ukraine Ukraine PROPN nsubj:pass 3 ent=GPE
        was be AUX aux:pass 3 tag=VBD
        attacked attack VERB ROOT 0 tag=VBN
        by by ADP case 5
        Russia Russia PROPN obl:agent 3 ent=GPE
        . . PUNCT punct 3
        """,
    )
    assert event.cameo_root == "19" and pair(event) == ("RUS", "UKR")


def test_the_active_voice(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Russia attacked Ukraine.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Ukraine Ukraine PROPN obj 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert pair(event) == ("RUS", "UKR")


def test_a_particle_parsed_as_a_preposition(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Ukraine broke off ties with Russia.",
        """
        Ukraine Ukraine PROPN nsubj 2 ent=GPE
        broke break VERB ROOT 0 tag=VBD
        off off ADP case 4
        ties tie NOUN obl 2 morph=Number=Plur
        with with ADP case 6
        Russia Russia PROPN nmod 4 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert event.cameo == "161" and pair(event) == ("UKR", "RUS")


def test_particles_and_owners_come_from_the_data(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Ukraine broke off ties with Russia.",
        """
        Ukraine Ukraine PROPN nsubj 2
        broke break VERB ROOT 0 tag=VBD
        off off ADP case 4
        ties tie NOUN obl 2
        with with ADP case 6
        Russia Russia PROPN nmod 4
        . . PUNCT punct 2
        """,
    )
    shipped = Arguments(
        frozenset(default_patterns().cue_words("particle")), frozenset(default_patterns().cue_words("owner"))
    )
    assert [t.text for t in shipped.prep_children(doc[1], "with")] == ["Russia"]
    assert Arguments(frozenset(), frozenset()).prep_children(doc[1], "with") == []


def test_a_verb_taken_for_an_adjective_is_read_as_subject_verb_object(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Britain mobilized reservists",
        """
        Britain Britain PROPN compound 3
        mobilized mobilize ADJ amod 3 tag=JJ
        reservists reservist NOUN ROOT 0 morph=Number=Plur
        """,
    )
    assert misparsed(doc[1]) == (doc[0], doc[2])
    assert misparsed(doc[2]) is None


def test_a_gerund_clause_takes_the_subject_of_its_clause(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Georgia rejected the vote, accusing Russia.",
        """
        Georgia Georgia PROPN nsubj 2 ent=GPE
        rejected reject VERB ROOT 0 tag=VBD
        the the DET det 4
        vote vote NOUN obj 2
        , , PUNCT punct 6
        accusing accuse VERB advcl 2 tag=VBG
        Russia Russia PROPN obj 6 ent=GPE
        . . PUNCT punct 2
        """,
    )
    accusation = next(e for e in found if e.cameo_root == "11")
    assert pair(accusation) == ("GEO", "RUS")


def test_a_participle_on_a_noun_is_passive(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Officials said two farmers abducted by Hamas were freed.",
        """
        Officials official NOUN nsubj 2 morph=Number=Plur
        said say VERB ROOT 0 tag=VBD
        two two NUM nummod 4
        farmers farmer NOUN nsubj:pass 9 morph=Number=Plur
        abducted abduct VERB acl 4 tag=VBN
        by by ADP case 7
        Hamas Hamas PROPN obl:agent 5 ent=ORG
        were be AUX aux:pass 9 tag=VBD
        freed free VERB ccomp 2 tag=VBN
        . . PUNCT punct 2
        """,
    )
    abduction = next(e for e in found if e.cameo_root == "18")
    assert abduction.source is not None and abduction.source.code is not None
    assert abduction.source.code.startswith("PSE")
    assert abduction.target is not None and abduction.target.text == "two farmers"


def test_a_participle_on_the_subject_without_by_is_no_passive(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Students marched on Monday.",
        """
        Students student NOUN ROOT 0 morph=Number=Plur
        marched march VERB acl 1 tag=VBN
        on on ADP case 4
        Monday Monday PROPN obl 2
        . . PUNCT punct 1
        """,
    )
    assert not reduced_passive(doc[1])


def test_an_unknown_subject_is_kept_without_a_code(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Zorvath attacked Ukraine.",
        """
        Zorvath Zorvath PROPN nsubj 2
        attacked attack VERB ROOT 0 tag=VBD
        Ukraine Ukraine PROPN obj 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert event.source is not None and event.source.text == "Zorvath" and event.source.code is None
    assert pair(event) == (None, "UKR")


def test_fighting_between_two_sides_on_the_verb_of_its_clause(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Clashes broke out between Ethiopian and Eritrean troops.",
        """
        Clashes clash NOUN nsubj 2 morph=Number=Plur
        broke break VERB ROOT 0 tag=VBD
        out out ADP compound:prt 2
        between between ADP case 8
        Ethiopian Ethiopian ADJ amod 8
        and and CCONJ cc 7
        Eritrean Eritrean ADJ conj 5
        troops troop NOUN obl 2 morph=Number=Plur
        . . PUNCT punct 2
        """,
    )
    assert event.cameo == "190" and pair(event) == ("ETHMIL", "ERIMIL")


def test_fighting_between_two_sides_on_the_noun(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "The conflict between Ethiopia and Eritrea continued.",
        """
        The the DET det 2
        conflict conflict NOUN nsubj 7
        between between ADP case 4
        Ethiopia Ethiopia PROPN nmod 2 ent=GPE
        and and CCONJ cc 6
        Eritrea Eritrea PROPN conj 4 ent=GPE
        continued continue VERB ROOT 0 tag=VBD
        . . PUNCT punct 7
        """,
    )
    assert event.cameo == "190" and pair(event) == ("ETH", "ERI")


def test_a_dateline_is_no_subject(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "KAMPALA — A Ugandan court rejected the appeal.",
        """
        KAMPALA Kampala PROPN nsubj 6 ent=GPE
        — — PUNCT punct 1
        A a DET det 5
        Ugandan Ugandan ADJ amod 5
        court court NOUN nsubj 6
        rejected reject VERB ROOT 0 tag=VBD
        the the DET det 8
        appeal appeal NOUN obj 6
        . . PUNCT punct 6
        """,
    )
    assert event.source is not None and event.source.text == "A Ugandan court"


def test_a_dateline_with_the_subject_as_its_apposition(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Kampala, Uganda – The army on Monday rejected the appeal.",
        """
        Kampala Kampala PROPN nsubj 9 ent=GPE
        , , PUNCT punct 3
        Uganda Uganda PROPN appos 1 ent=GPE
        – – PUNCT punct 6
        The the DET det 6
        army army NOUN appos 1
        on on ADP case 8
        Monday Monday PROPN nmod 6
        rejected reject VERB ROOT 0 tag=VBD
        the the DET det 11
        appeal appeal NOUN obj 9
        . . PUNCT punct 9
        """,
    )
    assert event.source is not None and event.source.text == "The army"


def test_a_purpose_clause_on_the_object_takes_the_verb_subject(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Hamas claimed responsibility for attacking Israel.",
        """
        Hamas Hamas PROPN nsubj 2 ent=ORG
        claimed claim VERB ROOT 0 tag=VBD
        responsibility responsibility NOUN obj 2
        for for SCONJ mark 5
        attacking attack VERB acl 3 tag=VBG
        Israel Israel PROPN obj 5 ent=GPE
        . . PUNCT punct 2
        """,
    )
    attack = next(e for e in found if e.cameo_root == "19")
    assert pair(attack)[1] == "ISR" and attack.source is not None and attack.source.text == "Hamas"


def test_the_object_does_what_it_is_accused_of(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Kenya accused Somalia of attacking Kenyan troops.",
        """
        Kenya Kenya PROPN nsubj 2 ent=GPE
        accused accuse VERB ROOT 0 tag=VBD
        Somalia Somalia PROPN obj 2 ent=GPE
        of of SCONJ mark 5
        attacking attack VERB advcl 2 tag=VBG
        Kenyan Kenyan ADJ amod 7
        troops troop NOUN obj 5 morph=Number=Plur
        . . PUNCT punct 2
        """,
    )
    attack = next(e for e in found if e.cameo_root == "19")
    assert attack.source is not None and attack.source.code == "SOM"


def test_a_verb_taken_for_an_adjective_after_a_prepositional_phrase(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Police on Tuesday detained protesters",
        """
        Police police NOUN compound 5
        on on ADP case 3
        Tuesday Tuesday PROPN compound 5
        detained detain ADJ amod 5 tag=JJ
        protesters protester NOUN ROOT 0 morph=Number=Plur
        """,
    )
    assert misparsed(doc[3]) == (doc[0], doc[4])


def test_an_agentless_passive_takes_the_owner_of_the_act_it_happened_in(extractor: Extractor) -> None:
    [killed, *_] = events(
        extractor,
        "Villagers were killed in a Sudan raid.",
        """
        Villagers villager NOUN nsubj:pass 3 tag=NNS
        were be AUX aux:pass 3 tag=VBD
        killed kill VERB ROOT 0 tag=VBN
        in in ADP case 7
        a a DET det 7
        Sudan Sudan PROPN compound 7 ent=GPE
        raid raid NOUN obl 3
        . . PUNCT punct 3
        """,
    )
    assert killed.source is not None and killed.source.code == "SDN"
    assert killed.source.actor_from == "owner"


def test_an_agentless_passive_takes_the_doer_of_an_event_clause(extractor: Extractor) -> None:
    [killed, *_] = events(
        extractor,
        "Farmers were killed when Sudan shelled the town.",
        """
        Farmers farmer NOUN nsubj:pass 3 tag=NNS
        were be AUX aux:pass 3 tag=VBD
        killed kill VERB ROOT 0 tag=VBN
        when when ADV advmod 6
        Sudan Sudan PROPN nsubj 6 ent=GPE
        shelled shell VERB advcl 3 tag=VBD
        the the DET det 8
        town town NOUN obj 6
        . . PUNCT punct 3
        """,
    )
    assert killed.source is not None and killed.source.code == "SDN"
    assert killed.source.actor_from == "event"


def test_a_conditional_clause_gives_no_doer(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Towns will be shelled if Sudan attacks.",
        """
        Towns town NOUN nsubj:pass 4 tag=NNS
        will will AUX aux 4
        be be AUX aux:pass 4
        shelled shell VERB ROOT 0 tag=VBN
        if if SCONJ mark 7
        Sudan Sudan PROPN nsubj 7 ent=GPE
        attacks attack VERB advcl 4 tag=VBZ
        . . PUNCT punct 4
        """,
    )
    shelled = [e for e in found if e.trigger.text == "shelled"]
    assert all(e.source is None for e in shelled)


def test_an_act_with_no_owner_was_done_by_the_last_attacker(extractor: Extractor) -> None:
    document = extractor("Sudan bombed Chad on Monday. The strikes hit a Chadian school, officials said.")
    hit = [e for e in document.events if e.trigger.text == "hit"]
    assert hit and hit[0].source is not None and hit[0].source.code == "SDN"
    assert hit[0].source.actor_from == "event"


def test_the_last_attacker_is_not_taken_against_its_own_side(extractor: Extractor) -> None:
    document = extractor("Sudan bombed the town on Monday. Sudanese soldiers were wounded in the fighting.")
    wounded = [e for e in document.events if e.trigger.text == "wounded"]
    assert all(e.source is None or e.source.code != "SDN" for e in wounded)


def test_the_relative_pronoun_subject_stands_for_the_noun_the_clause_modifies(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Rebels shelled a Turkish convoy that was attacking Syria.",
        """
        Rebels rebel NOUN nsubj 2 tag=NNS
        shelled shell VERB ROOT 0 tag=VBD
        a a DET det 5
        Turkish Turkish ADJ amod 5 ent=NORP
        convoy convoy NOUN obj 2
        that that PRON nsubj 8 tag=WDT
        was be AUX aux 8
        attacking attack VERB acl:relcl 5 tag=VBG
        Syria Syria PROPN obj 8 ent=GPE
        . . PUNCT punct 2
        """,
    )
    attack = next(e for e in found if e.cameo_root == "19" and e.target and e.target.code == "SYR")
    assert attack.source is not None and attack.source.code is not None
    assert attack.source.code.startswith("TUR")


def test_a_thing_launched_by_an_actor_is_that_actors(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Greek ships shot down 9 drones and two missiles launched by Turkey.",
        """
        Greek Greek ADJ amod 2 ent=NORP
        ships ship NOUN nsubj 3 tag=NNS
        shot shoot VERB ROOT 0 tag=VBD
        down down ADP compound:prt 3
        9 9 NUM nummod 6
        drones drone NOUN obj 3 tag=NNS
        and and CCONJ cc 9
        two two NUM nummod 9
        missiles missile NOUN conj 6 tag=NNS
        launched launch VERB acl 9 tag=VBN
        by by ADP case 12
        Turkey Turkey PROPN obl:agent 10 ent=GPE
        . . PUNCT punct 3
        """,
    )
    shot = next(e for e in found if e.trigger.text == "shot")
    assert shot.target is not None and shot.target.code == "TUR"


def test_a_pronoun_resolved_to_the_target_is_no_source(extractor: Extractor) -> None:
    document = extractor("Canada and Mexico signed a trade deal. It urged Mexico to cut tariffs.")
    urged = [e for e in document.events if e.trigger.text == "urged"]
    assert urged and urged[0].target is not None and urged[0].target.code == "MEX"
    assert urged[0].source is None or urged[0].source.code != "MEX"


def test_police_and_protesters_of_the_article_country_stay(extractor: Extractor) -> None:
    document = extractor("NAIROBI, Kenya (AP) — Police arrested dozens of protesters on Tuesday.")
    [arrest] = [e for e in document.events if e.trigger.text == "arrested"]
    assert arrest.source is not None and arrest.source.code == "KENCOP"
    assert arrest.target is not None and arrest.target.code == "KENCVL"


def test_an_attack_and_what_it_hit_are_one_event(extractor: Extractor) -> None:
    document = extractor("Turkish air strikes on Sunday hit northern Iraq.")
    assert [(e.cameo, e.trigger.text) for e in document.events] == [("195", "hit")]
    [hit] = document.events
    assert pair(hit) == ("TUR", "IRQ")


def test_killed_in_the_strike_is_the_strike(extractor: Extractor) -> None:
    document = extractor("Sudan bombed Chad on Monday. Three Chadian farmers were killed in the strike.")
    killed = [e for e in document.events if e.sentence == 1]
    assert [e.trigger.text for e in killed] == ["killed"]
    assert killed[0].source is not None and killed[0].source.code == "SDN"


def test_a_dateline_is_no_part_of_the_first_phrase(extractor: Extractor) -> None:
    document = extractor("ANKARA - Greek warships on Monday shelled a Turkish island.")
    [shelled] = [e for e in document.events if e.trigger.text == "shelled"]
    assert shelled.source is not None and shelled.source.text == "Greek warships"


def test_an_unknown_place_before_an_attack_noun_is_where_not_whose(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Afghanistan said villagers were killed in the Zarghun strike.",
        """
        Afghanistan Afghanistan PROPN nsubj 2 ent=GPE
        said say VERB ROOT 0 tag=VBD
        villagers villager NOUN nsubj:pass 5 tag=NNS
        were be AUX aux:pass 5 tag=VBD
        killed kill VERB ccomp 2 tag=VBN
        in in ADP case 9
        the the DET det 9
        Zarghun Zarghun PROPN compound 9 ent=ORG
        strike strike NOUN obl 5
        . . PUNCT punct 2
        """,
    )
    [killed] = [e for e in found if e.trigger.text == "killed"]
    assert killed.source is None or killed.source.text != "Zarghun"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said that Azerbaijani armed forces were fired at on the border.",
        # a participle with a subject of its own is a clause, not a participle on "fact"
        "The ministry issued a statement on the fact that Azerbaijani armed forces were fired at on the "
        "border.",
    ],
)
def test_the_subject_of_a_passive_ending_in_a_preposition_is_the_target(
    extractor: Extractor, text: str
) -> None:
    [fired] = [e for e in extractor(text).events if e.trigger.text == "fired"]
    assert fired.target is not None and fired.target.code == "AZEMIL"


def test_a_gerund_takes_its_doer_from_by(extractor: Extractor) -> None:
    document = extractor(
        "The fact of firing on the positions of Greek troops by the Turkish army was confirmed."
    )
    [firing] = [e for e in document.events if e.trigger.text == "firing"]
    assert pair(firing) == ("TURMIL", "GRCMIL")


def test_joined_subjects_of_a_reciprocal_act_are_source_and_target(extractor: Extractor) -> None:
    document = extractor("Kenyan President William Ruto and Ugandan President Yoweri Museveni met on Monday.")
    [met] = [e for e in document.events if e.trigger.text == "met"]
    assert met.source is not None and met.target is not None
    assert {met.source.country, met.target.country} == {"KEN", "UGA"}


def test_joined_subjects_of_another_act_are_two_sources(extractor: Extractor) -> None:
    document = extractor("Kenya and Uganda condemned the coup.")
    condemned = [e for e in document.events if e.trigger.text == "condemned"]
    assert sorted(str(e.source.code) for e in condemned if e.source) == ["KEN", "UGA"]


def test_an_agentless_passive_of_the_courts_implies_them(extractor: Extractor) -> None:
    document = extractor("The former Georgian president was sentenced to six years in prison on Monday.")
    [sentenced] = [e for e in document.events if e.trigger.text == "sentenced"]
    assert sentenced.source is not None and sentenced.source.code == "GEOJUD"
    assert sentenced.source.actor_from == "implied" and sentenced.source.text == ""
    validate_document(document.to_dict())


def test_no_doer_is_implied_for_a_target_of_no_country(extractor: Extractor) -> None:
    document = extractor("Someone was sentenced to six years in prison.")
    assert all(e.source is None for e in document.events)


def test_people_and_the_population_are_civilians(extractor: Extractor) -> None:
    document = extractor("NAIROBI, Kenya (AP) — Police said nearly 30 people had been arrested.")
    [arrested] = [e for e in document.events if e.trigger.text == "arrested"]
    assert arrested.target is not None and arrested.target.code == "KENCVL"
    assert arrested.source is not None and arrested.source.code == "KENCOP"


def test_a_time_phrase_is_no_target(extractor: Extractor) -> None:
    document = extractor("Ruritanian rebels have intensified their attacks in recent days.")
    assert all(e.target is None or e.target.text != "recent days" for e in document.events)


def test_its_stands_for_the_country_named_before(extractor: Extractor) -> None:
    document = extractor("The ship sailed to Israel during its war against Hamas.")
    [war] = [e for e in document.events if e.trigger.text == "war"]
    assert war.source is not None and war.source.code == "ISR"


def test_a_weapon_that_hits_was_fired_by_the_last_attacker(extractor: Extractor) -> None:
    document = extractor("Houthi forces fired missiles at a British ship. The missiles hit the ship.")
    [hit] = [e for e in document.events if e.trigger.text == "hit"]
    assert hit.source is not None and hit.source.code == "NSAHOUTHI"
    assert hit.source.actor_from == "event"


def test_a_subject_pronoun_keeps_the_last_subject_in_focus(extractor: Extractor) -> None:
    document = extractor(
        "Tokyo said on Monday that it will not replace the United States. "
        "It also urged Washington to stay calm."
    )
    [urged] = [e for e in document.events if e.trigger.text == "urged"]
    assert urged.source is not None and urged.source.country == "JPN"


def test_a_target_may_hang_on_the_noun_the_entry_names(extractor: Extractor) -> None:
    document = extractor("Norway has acted as a mediator between Colombia and Venezuela.")
    acted = [e for e in document.events if e.trigger.text == "acted"]
    assert {e.target.code for e in acted if e.target} == {"COL", "VEN"}
    assert {e.source.code for e in acted if e.source} == {"NOR"}


def test_acts_joined_under_one_subject_share_a_target(extractor: Extractor) -> None:
    document = extractor("NAIROBI, Kenya (AP) — Police fired tear gas and detained protesters on Tuesday.")
    fired = [e for e in document.events if e.trigger.text == "fired"]
    assert fired and fired[0].target is not None and fired[0].target.code == "KENCVL"


def test_a_thing_lodged_by_an_actor_is_that_actors(extractor: Extractor) -> None:
    document = extractor("The Kenyan commission rejected a complaint lodged by the Ugandan government.")
    [rejected] = [e for e in document.events if e.trigger.text == "rejected"]
    assert rejected.target is not None and rejected.target.code == "UGAGOV"


@pytest.mark.parametrize(
    "text",
    [
        "The Islamic State group claimed the bombing in Kabul.",
        "The Islamic State group claimed responsibility for the bombing in Kabul.",
    ],
)
def test_the_act_claimed_is_the_claimants(extractor: Extractor, text: str) -> None:
    events = extractor(text).events
    assert sorted(e.cameo for e in events) == ["015", "195"]
    [bombing] = [e for e in events if e.cameo == "195"]
    assert pair(bombing) == ("IMGMUSISI", "AFG")
