"""Every problem code the project reports, each with the one thing it means (docs/format.md lists them all).

E0xx: a file that cannot be read as YAML; E1xx: the story format; E2xx: the history checks;
W3xx: lint warnings; S0xx: save files. A new code is added here and to docs/format.md (a test
holds the two and the code that reports them together).
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "E001": "a file or directory cannot be read (exit 2 when it is the story itself)",
    "E002": "an empty file",
    "E003": "a file that is not UTF-8",
    "E004": "a YAML syntax error",
    "E005": "a YAML tag that is not allowed (e.g. `!!python/object`)",
    "E006": "too many aliases (a \"billion laughs\" document)",
    "E007": "a duplicate key",
    "E008": "lists and mappings nested more than 64 levels deep",
    "E009": "a control character (other than newline and tab) in a file or a string",
    "E101": "an unknown key",
    "E102": "a value of the wrong type",
    "E103": "a required key is missing",
    "E104": "a reference to nothing (scene, event, codex entry, source)",
    "E105": "a scene id defined twice (both places named)",
    "E106": "a choice id used twice in a scene",
    "E107": "an unknown act",
    "E108": "a date that does not exist",
    "E109": "a time that is not HH:MM",
    "E110": "an expression syntax error",
    "E111": "an unknown variable",
    "E112": "a type mismatch",
    "E113": "an unknown role",
    "E114": "a scene no role's start reaches",
    "E115": "a scene with no choices that is not an ending",
    "E116": "an ending with choices",
    "E117": "an ending no role's start reaches",
    "E118": "a number outside the range allowed there",
    "E119": "an id declared twice",
    "E120": "an invalid id",
    "E121": "a choice with both or neither of `goto` and `outcomes`",
    "E122": "a word that is not one of the values allowed there",
    "E123": "a `reason` on a choice that has no `if`",
    "E124": "an expression nested too deeply",
    "E131": "in text that varies, a `{` or `}` that opens or closes nothing (write `{{` or `}}` for a brace)",
    "E132": "in text that varies, an `{if}` block out of order (`{elif}`, `{else}` or `{end}` without its `{if}`, "
            "or an `{if}` never closed)",
    "E133": "in text that varies, an `{if}` without a condition",
    "E134": "in text that varies, alternatives (`{seq|…}` and kin) with no text",
    "E135": "text that varies nested too deeply",
    "E136": "in text that varies, a snippet reference `{>…}` without an id",
    "E137": "a snippet that includes itself, directly or through other snippets",
    "E138": "a `pivot` on a choice whose verdict is not divergent",
    "E139": "a `goto: return` that can be reached with no call waiting",
    "E201": "a record event whose Old and New Style dates disagree",
    "E202": "a choice that leads back in time (unless the destination is a `flashback`)",
    "E203": "a scene citing a record event that has not happened yet",
    "E204": "an inline link `[words](codex:ID)` or `[words](event:ID)` to an entry or event that does not exist",
    "W301": "a variable no condition or effect ever reads",
    "W302": "a variable nothing ever changes",
    "W303": "a condition that can never be true, given every value the story lets the variables take: "
            "the choice is never available",
    "W305": "a record event no scene, choice or codex entry cites",
    "W306": "a codex entry no scene, record event or other entry names or links",
    "W307": "a very short scene (under 60 words)",
    "W308": "a very long scene (over 900 words)",
    "W309": "two choices with the same text in one scene",
    "W310": "a source title or reference that looks like a file path (`shared/…`, `notes.txt`, `/home/…`): "
            "cite the work, by section, chapter or page; web addresses are fine",
    "W311": "an alternate ending some route reaches without a `pivot` (routes taken without their conditions): "
            "mark the divergent choice that leaves the record, or make the ending historical if history runs its course",
    "S000": "a file that is not a save",
    "S001": "a save format this game does not read",
    "S002": "a log step that is not `scene > choice` or `scene > choice > outcome N`",
    "S003": "a save that cannot be read at all (not a regular file, larger than 16 MB, or broken past a located error)",
    "S004": "a save time that is not an ISO 8601 date and time",
    "S010": "a save that cannot be written, found or deleted",
    "S020": "a save that does not replay on this story (another story, a role that is gone, or a damaged log)",
}
