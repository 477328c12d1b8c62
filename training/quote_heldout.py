"""Build ``benchmarks/data/quotes-heldout.jsonl``: a held-out set for the quote/attribution finder.

The 30 articles below are invented news texts written for sitrep; no real article was copied and the
people quoted are fictional. The set is for measuring only: nobody tunes the finder on it.

Markup is that of ``training/quote_gold.py`` (whose ``parse`` is loaded by path and reused): ``{S1:…}``
source (speaker), ``{C1:…}`` cue, ``{Q1d:…}`` content with its kind (d direct, i indirect, m mixed);
several ``Q1`` pieces make one discontinuous content, and marks nest (``{S1:{S2:he}}``).

Annotation conventions:

* content: what was said, without the outer quote marks and without the complementizer "that" (it
  starts at the first word after "that"); a mixed quote keeps its inner quote marks. Content ends before
  a sentence-final period outside the quote marks; a comma or period just inside the closing quote mark
  of a direct quote is left out, a question mark is kept.
* a direct quote interrupted by its attribution ('"We are ready," he said, "but not at any price."') is
  one attribution with two content pieces; so is a quote running over two paragraphs (no closing mark
  at the end of the first paragraph, a new opening mark at the start of the next): one piece per
  paragraph. A quote running over several sentences within one pair of quote marks is one piece.
* a quote in its own sentence that continues the previous speaker is its own attribution, whose source
  is the previous speaker's span (nested marks) and which has no cue.
* a partial quote inside narration ('called the vote "a farce"') is direct, its content the quoted
  words; an indirect clause containing quoted words is mixed.
* in a nested report ('X said Y had claimed that …') both attributions are annotated: X's content is
  the whole reported clause, which contains Y's source, cue and content.
* source: the speaker's noun phrase as written, with its determiner, title and any prepositional
  postmodifier ("a spokesman for the army", "Ukrainian President Volodymyr Zelensky", "he"), but not
  an appositive set off by commas.
* cue: the reporting verb only ("said", "told", "denied", "wrote", "asked"), the whole "according to",
  and the whole passive "was quoted as saying".
* sentences with no attribution (narration, nicknames in quote marks) are left unmarked.

Run: ``python training/quote_heldout.py``.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_OUT = _HERE.parent / "benchmarks" / "data" / "quotes-heldout.jsonl"


def _load_parse() -> Callable[[str], tuple[str, list[dict[str, object]]]]:
    spec = importlib.util.spec_from_file_location("quote_gold", _HERE / "quote_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    parse: Callable[[str], tuple[str, list[dict[str, object]]]] = module.parse
    return parse


ARTICLES = [
    (
        "h01",
        "2024-05-14",
        "{Q1i:Fighting between the army and the Rapid Support Forces spread to the outskirts of El Fasher "
        "on Tuesday}, {S1:residents} {C1:said}. "
        '"{Q2d:The shelling started before dawn and it has not stopped}," {S2:Adam Yousif}, a nurse at the '
        "city's main hospital, {C2:told} a reporter by phone.\n\n"
        "{S3:The army} {C3:said} {Q3i:it had repelled an attack on its northern positions}. "
        "The RSF did not respond to a request for comment.",
    ),
    (
        "h02",
        "2023-11-03",
        "{S1:Qatar's foreign ministry} {C1:said} on Friday {Q1m:talks on a humanitarian pause had made "
        "“significant progress” but no agreement had been reached}. "
        "“{Q2d:We are close},” {S2:{S3:Majed al-Nasser}}, a ministry spokesman, {C2:told} a news conference "
        "in Doha. “{Q3d:But close is not the same as done}.”\n\n"
        "Negotiators from both sides have been meeting in the Qatari capital since Monday.",
    ),
    (
        "h03",
        "2024-09-22",
        "{S1:Ghana's electoral commission} {C1:announced} on Sunday that {Q1i:turnout in the presidential "
        "run-off had reached 61 percent}. "
        '{S2:{S3:Opposition candidate Kwame Asante}} {C2:called} the count "{Q2d:a daylight robbery}" and '
        "{C3:said} {Q3i:his party would challenge the result in court}. "
        '"{Q4d:We will not accept numbers that were written before a single vote was cast}," {S4:he} '
        "{C4:told} supporters in Kumasi.\n\n"
        "Final results are expected by Tuesday.",
    ),
    (
        "h04",
        "2023-06-18",
        "Police in Nairobi fired tear gas at thousands of protesters marching against a proposed tax "
        "increase on Thursday. "
        "{S1:A police spokesman} {C1:said} {Q1i:officers had arrested 47 people and two officers were "
        "injured}. {S2:Organisers} {C2:insisted} {Q2i:the march had been peaceful until police moved in}. "
        '"{Q3d:They came at us with sticks and gas. We were singing}," {C3:said} {S3:Grace Wanjiru}, a '
        "24-year-old student who joined the march.",
    ),
    (
        "h05",
        "2024-02-07",
        "A court in Istanbul on Wednesday sentenced a journalist to three years in prison on charges of "
        "spreading disinformation. "
        '{S1:Defence lawyer Elif Demir} {C1:described} the verdict as "{Q1d:a message to every reporter in '
        "the country}\". {S2:The prosecutor's office} {C2:said} in a statement {Q2m:the sentence was "
        '"proportionate to the harm caused"}.\n\n'
        '"{Q3d:I wrote what I saw}," {S3:{S4:the journalist}} {C3:told} the court before the ruling. '
        '"{Q4d:If that is a crime, then I am guilty}."',
    ),
    (
        "h06",
        "2025-01-12",
        "A magnitude 6.8 earthquake struck western Nepal late on Saturday, flattening mud-brick homes in "
        "several mountain villages. "
        "{Q1i:At least 132 people were killed and hundreds more injured}, {C1:according to} {S1:the national "
        "disaster authority}. "
        "{S2:Home ministry spokesman Ram Bahadur Thapa} {C2:said} {Q2i:rescue teams were struggling to reach "
        "remote areas because landslides had blocked the roads}.\n\n"
        '"{Q3d:We are digging with our hands}," {S3:a villager in Jajarkot district} {C3:told} local '
        "television.",
    ),
    (
        "h07",
        "2024-07-30",
        "Turkey's central bank held its main interest rate at 50 percent on Thursday, as expected. "
        '{S1:The bank} {C1:said} in a statement {Q1m:it would keep policy tight "until a significant and '
        'sustained decline" in inflation was observed}. '
        "{S2:Economists} {C2:warned} that {Q2i:a cut before the end of the year was unlikely}.\n\n"
        '"{Q3d:The message is patience}," {C3:said} {S3:{S4:Selin Kaya}}, chief economist at an Istanbul '
        'brokerage. "{Q4d:Nobody in Ankara wants to declare victory too early}."',
    ),
    (
        "h08",
        "2023-04-15",
        "{S1:Ukraine's air force} {C1:said} {Q1i:it had shot down 18 of 21 drones launched overnight}. "
        "{C2:According to} {S2:the regional governor}, {Q2i:debris fell on a residential building in Odesa, "
        "injuring three people}.\n\n"
        '"{Q3d:The attacks are getting bigger}," {S3:the governor} {C3:said}, "{Q3d:and our air defence is '
        'stretched thin}." '
        '{S4:Russia\'s defence ministry} {C4:said} {Q4m:its forces had struck "military targets" in the '
        "region}.",
    ),
    (
        "h09",
        "2024-11-20",
        "Negotiators at the UN climate talks in Baku worked through the night on Tuesday without agreeing "
        "on a finance target. "
        "{S1:A European negotiator}, who asked not to be named because the talks were private, {C1:said} "
        '{Q1m:the gap between rich and poor countries remained "very wide"}. '
        "{S2:The chair of a bloc of small island states} {C2:argued} that {Q2m:any deal below 500 billion "
        'dollars a year would be "a death sentence" for her region}.\n\n'
        '"{Q3d:We did not fly halfway around the world to sign a press release}," {S3:she} {C3:said}.',
    ),
    (
        "h10",
        "2025-03-04",
        "{Q1i:M23 rebels entered the town of Uvira on Monday after government troops withdrew}, "
        "{S1:witnesses} {C1:said}. "
        "{S2:{S3:A spokesman for the Congolese army}} {C2:denied} that {Q2i:the town had fallen} and "
        "{C3:said} {Q3i:fighting was continuing on its northern edge}.\n\n"
        '{S4:Rebel spokesman Lawrence Kanyuka} {C4:said} on social media: "{Q4d:Uvira is liberated. The '
        'population is calm}."',
    ),
    (
        "h11",
        "2023-08-09",
        "Thousands of supporters gathered outside the campaign headquarters of presidential candidate "
        "Lucía Ferreyra in Córdoba on Wednesday night.\n\n"
        '"{Q1d:We have heard the anger of people who cannot pay their rent and who have stopped believing '
        'that tomorrow will be better}," {S1:{S2:Ferreyra}} {C1:told} the crowd. "{Q2d:That anger is '
        "fair. We are going to turn it into votes}.\n\n"
        '"{Q2d:And on Sunday we are going to turn those votes into a government}."\n\n'
        "{S3:Economy Minister Tomás Ibarra}, her main rival in the race, {C3:dismissed} her promises as "
        '"{Q3d:fantasy economics}".',
    ),
    (
        "h12",
        "2024-04-02",
        "{S1:Myanmar's military government} {C1:said} on Tuesday that {Q1i:its troops had regained control "
        "of a key border crossing with Thailand}. "
        "{S2:The Karen National Union}, an ethnic armed group that has fought the military for decades, "
        "{C2:said} {Q2i:the claim was false}. "
        "{S3:A KNU official} {C3:was quoted as saying} {Q3m:the group's fighters \"still hold the bridge and "
        'the town"}.\n\n'
        "Thousands of civilians have crossed into Thailand since the fighting began.",
    ),
    (
        "h13",
        "2025-02-18",
        "A federal appeals court on Tuesday blocked the state's new voting law from taking effect. "
        'In a 2-1 decision, {S1:the panel} {C1:wrote} that {Q1m:the law "places an undue burden" on voters '
        "with disabilities}.\n\n"
        '"{Q2d:This is a victory for every voter who has ever been turned away at the polls}," {C2:said} '
        "{S2:Dana Whitfield}, director of the state chapter of a civil liberties group. "
        "{S3:The state attorney general's office} {C3:said} {Q3i:it would appeal to the Supreme Court}.",
    ),
    (
        "h14",
        "2023-09-10",
        "Floodwaters swept through the eastern Libyan city of Derna after two dams burst during a storm on "
        "Sunday night. "
        "{S1:A spokesman for the eastern administration} {C1:told} a television channel that {Q1i:more "
        "than 2,000 people were feared dead}. "
        '"{Q2d:Entire neighbourhoods have been washed into the sea}," {S2:{S3:Faraj al-Mansouri}}, a '
        'minister in the eastern administration, {C2:said}. "{Q3d:The scale is beyond our capacity}."\n\n'
        "{S4:The Red Crescent} {C4:said} {Q4i:its teams had recovered dozens of bodies from the port}. "
        "{S5:Aid officials} {C5:warned} that {Q5i:the toll was likely to rise}.",
    ),
    (
        "h15",
        "2024-06-05",
        '{S1:China\'s commerce ministry} {C1:said} on Wednesday {Q1m:it "firmly opposed" the new tariffs on '
        'electric vehicles and would take "all necessary measures" to protect its companies}. '
        "{S2:European officials} {C2:insisted} that {Q2i:the duties were needed to counter unfair "
        "subsidies}.\n\n"
        '"{Q3d:Nobody wins a trade war}," {S3:{S4:a Brussels-based trade analyst}} {C3:said}. '
        '"{Q4d:But nobody wants to be the first to blink either}." '
        "Shares in European carmakers fell more than 2 percent.",
    ),
    (
        "h16",
        "2023-12-01",
        "Protesters blocked the main avenue in Tbilisi for a fourth night on Friday, waving European Union "
        "flags. "
        "{S1:The interior ministry} {C1:said} {Q1m:27 people had been detained for “petty hooliganism” and "
        "disobeying police orders}. "
        "“{Q2d:We are not going home until the government listens},” {C2:said} {S2:Nino Beridze}, a "
        "31-year-old teacher.\n\n"
        "{S3:Prime Minister Irakli Mchedlidze} {C3:claimed} that {Q3i:the protests were financed from "
        "abroad}.",
    ),
    (
        "h17",
        "2024-10-08",
        "{S1:The Israeli military} {C1:said} {Q1i:it had struck more than 120 Hezbollah targets in southern "
        "Lebanon overnight}. "
        "{S2:Lebanon's health ministry} {C2:said} {Q2i:the strikes killed 22 people, including four "
        "children}.\n\n"
        "{S3:Hezbollah} {C3:said} {Q3i:its fighters had fired rockets at a military base near Haifa}. "
        '"{Q4d:The resistance will continue as long as the aggression continues}," {S4:the group} {C4:said} '
        "in a statement.",
    ),
    (
        "h18",
        "2025-04-22",
        "{S1:Polish Foreign Minister Marek Zielinski} {C1:told} reporters in Warsaw that {Q1i:{S2:Minsk} had "
        "{C2:claimed} that {Q2i:it had no control over the migrants gathered at the border}}. "
        '"{Q3d:Nobody in Europe believes that}," {S3:he} {C3:added}.\n\n'
        "The main crossing has been closed to most traffic since last year.",
    ),
    (
        "h19",
        "2024-03-17",
        "Voters in Senegal went to the polls on Sunday after months of political turmoil. "
        '"{Q1d:Today the people will speak, and nobody can silence them}," {S1:{S2:opposition candidate '
        "Amadou Fall}} {C1:said} after casting his ballot in Dakar. "
        '"{Q2d:We ask only that the count be fair}."\n\n'
        "{S3:The government} {C3:said} {Q3i:voting had gone smoothly in most of the country}, while "
        "{S4:observers from the African Union} {C4:reported} {Q4i:delays at some polling stations in the "
        "south}. Provisional results are expected on Tuesday.",
    ),
    (
        "h20",
        "2023-07-24",
        "Wildfires fanned by strong winds forced the evacuation of thousands of tourists from the Greek "
        "island of Rhodes over the weekend. "
        "{S1:The fire brigade} {C1:said} {Q1i:more than 250 firefighters backed by aircraft were battling "
        "three fronts}. "
        '"{Q2d:We left with nothing but our passports}," {C2:said} {S2:Sarah Morton}, a British tourist who '
        "spent the night in a school gymnasium.\n\n"
        "{S3:Civil Protection Minister Vasilis Karagounis} {C3:acknowledged} that {Q3m:the coming days would "
        'be "very difficult"}.',
    ),
    (
        "h21",
        "2024-08-14",
        "{Q1i:Suspected jihadist fighters killed at least 40 civilians in an attack on a village in central "
        "Mali}, {S1:local officials} {C1:said} on Wednesday. "
        "{C2:According to} {S2:a local youth leader}, {Q2i:the gunmen arrived on motorcycles at dusk and set "
        "fire to the market}.\n\n"
        "{S3:The army} {C3:said} in a statement on Thursday that {Q3i:it had launched an operation to find "
        "those responsible}. "
        "The military government has struggled to contain the insurgency since seizing power in 2020.",
    ),
    (
        "h22",
        "2025-05-09",
        "Port workers in Rotterdam walked off the job on Friday in a dispute over automation. "
        "{S1:Jan de Vries}, who has led the dockworkers' union since 2018 and negotiated its last three "
        'contracts, {C1:said} {Q1m:the strike would last "as long as it takes"}. '
        "{S2:The port authority} {C2:said} {Q2i:about 40 ships were waiting to unload}.\n\n"
        '"{Q3d:Every day of this costs millions}," {S3:an executive at a shipping company} {C3:said}, '
        '"{Q3d:and in the end it is the consumer who pays}."',
    ),
    (
        "h23",
        "2023-10-27",
        "{S1:The World Food Programme} {C1:warned} on Friday that {Q1i:food stocks in Gaza would run out "
        "within days}. "
        '"{Q2d:People are rationing bread. Parents are skipping meals so their children can eat}," '
        "{S2:the agency's regional director} {C2:said}.\n\n"
        "{S3:Israel} {C3:said} {Q3i:it was not blocking aid deliveries}.",
    ),
    (
        "h24",
        "2024-12-08",
        "{S1:The Houthi movement} {C1:said} {Q1i:it had targeted a commercial ship in the Red Sea with "
        "missiles}. "
        "{S2:The ship's operator} {C2:denied} that {Q2i:the vessel had been hit}. "
        '"{Q3d:The crew is safe and the ship is continuing its voyage}," {S3:a company spokeswoman} '
        "{C3:said}.\n\n"
        "{S4:The US military} {C4:said} {Q4i:its forces had intercepted two missiles over the southern Red "
        "Sea}.",
    ),
    (
        "h25",
        "2023-05-29",
        "{Q1i:The reformist New Dawn party won the most seats in Sunday's general election}, "
        "{C1:according to} {S1:official results}. "
        "Its leader, a 42-year-old former tech executive, drew huge crowds with a campaign nicknamed the "
        '"orange wave". '
        '"{Q2d:The people have chosen change}," {S2:party leader Niran Chaiyaporn} {C2:told} supporters in '
        "Bangkok.\n\n"
        "Coalition talks are expected to take weeks. "
        "{S3:Analysts} {C3:said} {Q3i:the military-appointed Senate could still block him from becoming "
        "prime minister}.",
    ),
    (
        "h26",
        "2024-01-26",
        "The High Court in Johannesburg on Thursday dismissed a bid by a former mining minister to halt his "
        "corruption trial. "
        '{S1:Judge Thandi Mokoena} {C1:said} {Q1m:the application was "without merit" and an attempt to '
        "delay justice}.\n\n"
        "{S2:Sipho Ndlovu}, the former minister's lawyer, {C2:told} reporters outside the court that "
        '{Q2i:his client would appeal}. "{Q3d:This fight is not over}," {S3:he} {C3:said}.',
    ),
    (
        "h27",
        "2025-06-15",
        "{S1:Armenia's defence ministry} {C1:said} {Q1i:Azerbaijani forces had opened fire on its positions "
        "near the border village of Sotk}. "
        "{S2:Azerbaijan's defence ministry} {C2:insisted} {Q2i:its troops had only returned fire after "
        "being targeted from the Armenian side}.\n\n"
        "Talks on a peace treaty have stalled in recent months. "
        '"{Q3d:We remain committed to peace}," {S3:Armenia\'s prime minister} {C3:said} on Sunday, '
        '"{Q3d:but we will defend our territory}."',
    ),
    (
        "h28",
        "2024-05-30",
        "{Q1i:Annual inflation in the euro zone rose to 2.6 percent in May}, {S1:the EU statistics office} "
        "{C1:said} on Friday. "
        '{S2:Portuguese Finance Minister Jorge Almeida} {C2:said}: "{Q2d:This is a bump in the road, '
        'not a change in direction}." {S3:He} {C3:stressed} that {Q3i:wage growth was already slowing}.\n\n'
        "Markets now expect only one rate cut this year.",
    ),
    (
        "h29",
        "2023-03-22",
        "Tens of thousands marched in Brussels on Wednesday against plans to raise the retirement age. "
        "{S1:Police} {C1:said} {Q1i:about 35,000 people had taken part}, while {S2:unions} {C2:claimed} "
        "{Q2i:more than twice that number had turned out}.\n\n"
        "{S3:Labour Minister Hélène Dubois} {C3:told} parliament that {Q3m:the reform was “necessary and "
        "fair”}. "
        "“{Q4d:Necessary for whom?}” {C4:asked} {S4:Marc Lenaerts}, a railway worker.",
    ),
    (
        "h30",
        "2024-09-03",
        "A powerful typhoon made landfall in northern Vietnam on Saturday, tearing roofs off homes and "
        "uprooting trees in the port city of Haiphong. "
        "{S1:State media} {C1:reported} {Q1i:at least 14 people had been killed}. "
        '"{Q2d:The wind was like nothing I have ever seen}," {S2:a shop owner in Haiphong} {C2:said}.',
    ),
]


def main() -> None:
    parse = _load_parse()
    _OUT.parent.mkdir(parents=True, exist_ok=True)
    with _OUT.open("w", encoding="utf-8") as handle:
        for ident, published, marked in ARTICLES:
            text, attributions = parse(marked)
            assert "{" not in text and "}" not in text, ident
            record = {"id": ident, "published": published, "text": text, "attributions": attributions}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {_OUT}")


if __name__ == "__main__":
    main()
