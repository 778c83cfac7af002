"""Draws the articles of a new batch of the attribution set, at random with a printed seed.

Usage: python3 tests/eval/attribution/draw.py SEED BATCH N_LIANGHUI N_OTHER N_NAMED [N_GROUP [N_RICH [N_FORMS [N_LONG [N_FOCUS [N_LISTED]]]]]]
(from the repository root, with shared/corpus in a folder above it). Prints one line per
article drawn (id, file, date, kind, split) and the seed. Items of 2023-2025 are
never drawn (independent evaluations use them); items of labels.jsonl of an
earlier batch (`batch`, 1 when absent) are skipped.

Drawn so far: batch 2 = `draw.py 72886589 2 30 10 16`, batch 3 =
`draw.py 360662917 3 0 0 0 24`, batch 4 = `draw.py 214622143 4 0 0 0 0 14`, batch 5 =
`draw.py 614747939 5 0 0 0 9 0`, batch 6 = `draw.py 958310654 6 0 0 0 0 0 48`, batch 7 =
`draw.py 484104618 7 24 0 0 0 0 0`, batch 8 = `draw.py 140989235 8 0 0 0 0 0 0 12`,
batch 9 = `draw.py 733519026 9 20 0 0 0 0 0 0`, batch 10 =
`draw.py 206280687 10 0 8 0 0 0 14 0`, batch 11 =
`draw.py 478820030 11 0 0 0 0 0 0 0 24`, batch 12 =
`draw.py 202959281 12 0 0 0 0 0 0 0 0 24`.

Pools (the forms the first batch had few of):
- lianghui: March items of 2012-2022 and 2026 that quote a 全国人大代表 or
  全国政协委员 and refer to a group of them (两位代表, 他们, 代表们, 委员们, …)
  or put a speaker in a sub-heading line;
- named: March items as lianghui where a deputy or member is named
  (全国人大代表张伟, 李红委员) and a group word follows a name, with at least
  three speech cues;
- group: March items as lianghui where a statement is made by several
  (a list of names, 两位代表, 他们 before a cue);
- rich: March items that quote a 全国人大代表 or 全国政协委员 and show at
  least two of: a group word (as lianghui), a pronoun before a cue (他/她 +
  cue), a quotation that opens a paragraph or follows a colon (statements
  with no speech cue);
- forms: items of any month that quote a 全国人大代表 or 全国政协委员 or
  someone named after a post (as other) and show at least two of the forms
  the rules still miss most: a group statement (as group), a pronoun before
  a cue (as rich), a statement with no speech cue (as rich), a proposal
  (提出…建议, 带来…建议, 提案, 议案, 建议：) and an uncommon speech verb
  (坦言, 直言, 感慨, 透露, 谈起, 提到, 讲述, 算了一笔账, …);
- long: March items of more than 2,000 characters that name a 人大代表 or
  政协委员 and show at least eight speech cues (the sessions' openings and
  closings, 习近平 visiting a group of members, features of 代表委员议国是):
  the short March items are nearly all labelled, and only eight March items
  of more than 3,000 characters name a deputy or member;
- focus: items of any month that quote someone (as forms) and show a
  statement made by several (as group: a list of names, a counted group
  word, 他们/两人 before a cue), a proposal (as forms) or a paragraph
  that opens with 他/她 and a cue (a statement carried on from the
  paragraph before): the forms dev had fewest of once the March pools
  were exhausted;
- listed: items of any month where a list of names (张伟、李红和王明,
  张伟和李红) is followed in the same paragraph by a word for those people
  and a cue (两位代表表示, 他们认为, 两人表示,
  双方一致认为; not 大家 or 委员们, which mostly speak of no one named):
  statements made by several, the form test missed most once the March
  group pool was exhausted;
- other: items of any month of those years where at least two people are
  named after a post and speech is reported (表示/说/指出/认为).
Bodies of at most 3,000 characters (so each can be read whole when labelled),
except in the long pool.

split: decided per article by a hash, dev when the SHA-256 of `SEED:id` is
even, test when odd; recorded per article in labels.jsonl.
"""

import hashlib
import json
import pathlib
import random
import re
import sys

def corpus_dir():
    """`shared/corpus/xwlb_cctv` in the nearest folder above the working
    directory that has one (`../shared` of a checkout, `../../shared` of a
    worktree kept in a folder of worktrees)."""
    for parent in pathlib.Path.cwd().resolve().parents:
        found = parent / "shared/corpus/xwlb_cctv"
        if found.is_dir():
            return found
    sys.exit("shared/corpus/xwlb_cctv not found above the working directory")


CORPUS = corpus_dir()
YEARS = [y for y in range(2012, 2027) if y not in (2023, 2024, 2025)]
GROUP = re.compile(r"[两二三四五几]位(全国)?(人大)?(政协)?(代表|委员)|他们|她们|代表们|委员们|两人|[两三四五几]名(代表|委员)")
ROLE = re.compile(r"全国人大代表|全国政协委员")
HEADING = re.compile(r"^[\u4e00-\u9fff·]{2,8}[：:][^“\n]{6,40}$", re.M)
POSTED = re.compile(r"(总统|总理|部长|主席|主任|院长|专家|教授|负责人|书记|局长|董事长|发言人)[\u4e00-\u9fff·]{2,4}(表示|说|指出|认为)")
NAMED = re.compile(r"(全国人大代表|全国政协委员)[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(代表|委员)(表示|说|认为|建议)")
CUE = r"(表示|认为|说|介绍|建议|告诉|指出|强调|谈到|呼吁)"
GROUP_CUE = re.compile(
    r"[两二三四五六几]位[^，。\n]{0,10}(代表|委员)[^，。\n]{0,6}" + CUE
    + r"|(他们|她们|他俩|她俩|两人)[^，。\n]{0,6}" + CUE
    + r"|[\u4e00-\u9fff·]{2,4}(、[\u4e00-\u9fff·]{2,4})+和?[\u4e00-\u9fff·]{0,4}[^，。“”\n]{0,14}" + CUE
)
ROLE_ANY = re.compile(r"人大代表|政协委员")
CUES = re.compile(CUE)
SPEECH = re.compile(r"表示|说|指出|认为")
PRONOUN_CUE = re.compile(r"(?<![们])[他她](?![们])[^，。\n“]{0,8}" + CUE)
OPENING_PRONOUN = re.compile(r"(^|\n)[他她](?![们])[^，。\n“]{0,8}" + CUE)
LISTED = re.compile(
    r"[\u4e00-\u9fff·]{2,4}([、和与][\u4e00-\u9fff·]{2,4})+[^\n]{0,80}?"
    r"(他们|她们|他俩|她俩|两人|三人|双方|[两二三四五六几]位[^，。\n]{0,8}|[两二三四五六几]名[^，。\n]{0,8})"
    r"[^，。\n“]{0,6}" + CUE
)
NO_CUE = re.compile(r"(^|\n)“|[：:]“")
PROPOSAL = re.compile(r"提出[^，。\n]{0,8}建议|带来[^。\n]{0,30}建议|提案|议案|建议[：:]")
RARE_VERB = re.compile(
    r"坦言|直言|感慨|透露|谈起|提到|讲述|算了一笔账|告诉我们|笑着说|解释说|补充说|说道|回忆说|感叹|道出"
)


def main():
    seed, batch, n_lianghui, n_other, n_named = (int(a) for a in sys.argv[1:6])
    n_group = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    n_rich = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    n_forms = int(sys.argv[8]) if len(sys.argv) > 8 else 0
    n_long = int(sys.argv[9]) if len(sys.argv) > 9 else 0
    n_focus = int(sys.argv[10]) if len(sys.argv) > 10 else 0
    n_listed = int(sys.argv[11]) if len(sys.argv) > 11 else 0
    labelled = set()
    for line in open("tests/eval/attribution/labels.jsonl", encoding="utf-8"):
        item = json.loads(line)
        if item.get("batch", 1) < batch:
            labelled.add(item["id"])
    lianghui, other, named, group, rich, forms, long, focus, listed = [], [], [], [], [], [], [], [], []
    for year in YEARS:
        path = CORPUS / f"xwlb_{year}.jsonl"
        for line in open(path, encoding="utf-8"):
            item = json.loads(line)
            body = item["body"]
            if item["id"] in labelled:
                continue
            march = item["date"][5:7] == "03"
            entry = (item["id"], f"xwlb_cctv/{path.name}", item["date"])
            signals = (GROUP_CUE.search(body) or GROUP.search(body), PRONOUN_CUE.search(body), NO_CUE.search(body))
            if march and len(body) > 2000 and ROLE_ANY.search(body) and len(CUES.findall(body)) >= 8:
                long.append(entry + ("lianghui",))
            if len(body) > 3000:
                continue
            if march and ROLE.search(body) and sum(1 for s in signals if s) >= 2:
                rich.append(entry + ("lianghui",))
            forms_shown = signals + (PROPOSAL.search(body), RARE_VERB.search(body))
            if (ROLE.search(body) or len(POSTED.findall(body)) >= 2) and sum(1 for s in forms_shown if s) >= 2:
                forms.append(entry + ("lianghui" if march and ROLE.search(body) else "other",))
            quoting = ROLE.search(body) or len(POSTED.findall(body)) >= 2
            if quoting and (GROUP_CUE.search(body) or PROPOSAL.search(body) or OPENING_PRONOUN.search(body)):
                focus.append(entry + ("lianghui" if march and ROLE.search(body) else "other",))
            if LISTED.search(body):
                listed.append(entry + ("lianghui" if march and ROLE.search(body) else "other",))
            if march and ROLE.search(body) and GROUP_CUE.search(body):
                group.append(entry + ("lianghui",))
            if march and ROLE.search(body) and (GROUP.search(body) or HEADING.search(body)):
                lianghui.append(entry + ("lianghui",))
                first = NAMED.search(body)
                if first and GROUP.search(body, first.end()) and len(SPEECH.findall(body)) >= 3:
                    named.append(entry + ("lianghui",))
            elif not ROLE.search(body) and len(POSTED.findall(body)) >= 2 and len(SPEECH.findall(body)) >= 3:
                other.append(entry + ("other",))
    rng = random.Random(seed)
    drawn = rng.sample(lianghui, n_lianghui) + rng.sample(other, n_other)
    # each pool in this order, one draw only when items are asked of it, so
    # that the seeds of earlier batches draw what they drew
    for pool, n in (
        (named, n_named),
        (group, n_group),
        (rich, n_rich),
        (forms, n_forms),
        (long, n_long),
        (focus, n_focus),
        (listed, n_listed),
    ):
        if n:
            taken = {entry[0] for entry in drawn}
            drawn += rng.sample([e for e in pool if e[0] not in taken], n)
    drawn.sort()
    print(
        f"seed {seed}, batch {batch}: {len(lianghui)} lianghui, {len(other)} other, "
        f"{len(named)} named, {len(group)} group, {len(rich)} rich, {len(forms)} forms, "
        f"{len(long)} long, {len(focus)} focus, {len(listed)} listed candidates"
    )
    for entry in drawn:
        digest = hashlib.sha256(f"{seed}:{entry[0]}".encode()).digest()
        split = "dev" if digest[-1] % 2 == 0 else "test"
        print("\t".join(entry + (split,)))


if __name__ == "__main__":
    main()
