"""A research question's answer: one sentence built from its figures, and the figures as data.

The gallery's notebooks (``notebooks/gallery/``) end with an :class:`Answer`. Shown in a
notebook it is the sentence (Markdown); its MIME bundle also carries the figures as JSON
(:data:`MIME`), so a test reads an executed notebook and checks that the words follow the
numbers: every figure written as the one formatter writes it, and every verdict as the
1.96 SE rule gives it (:func:`jost_engine.analysis.estimates.verdict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import estimates
from . import format as fmt
from .estimates import Estimate

MIME = "application/vnd.jost.answer+json"
"""The MIME type of an answer's figures in a notebook's output."""


@dataclass(frozen=True)
class Comparison:
    """A difference between two things compared, and the rounds it is judged at.

    Attributes
    ----------
    diff : Estimate
        The difference with its SE (paired where the shoes were common).
    rounds : int
        Rounds behind the SE [rounds], for "need about M" in the verdict.
    names : tuple of str
        What is compared: the first minus the second.
    """

    diff: Estimate
    rounds: int
    names: tuple[str, str] = ("A", "B")

    @property
    def words(self) -> str:
        """The verdict in words (resolved at 95 %, or not resolved at N rounds, need M)."""
        return estimates.verdict(self.diff, self.rounds, names=self.names)

    @property
    def text(self) -> str:
        """The difference as the formatter writes it, a comma, then its verdict."""
        return f"{fmt.estimate(self.diff, signed=True)}, {self.words}"

    def to_dict(self) -> dict:
        """Plain JSON: the difference, rounds, names and the words."""
        return {"diff": {"key": self.diff.key, **self.diff.to_dict()}, "rounds": self.rounds,
                "names": list(self.names), "words": self.words, "text": self.text}


@dataclass(frozen=True)
class Answer:
    """A question, its one-sentence answer and the figures the sentence was built from.

    Attributes
    ----------
    question : str
    sentence : str
        Built from the figures (``fmt.estimate``) and comparisons (:attr:`Comparison.text`).
    figures : dict
        Name -> :class:`Estimate`, each of which the sentence quotes.
    comparisons : dict
        Name -> :class:`Comparison`, each of which the sentence quotes with its verdict.
    """

    question: str
    sentence: str
    figures: dict[str, Estimate] = field(default_factory=dict)
    comparisons: dict[str, Comparison] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """What in the sentence does not follow the figures (empty when all is well)."""
        out = [f"figure {name!r}: {fmt.estimate(e)!r} is not in the sentence"
               for name, e in self.figures.items() if fmt.estimate(e) not in self.sentence]
        out += [f"comparison {name!r}: {c.text!r} is not in the sentence"
                for name, c in self.comparisons.items() if c.text not in self.sentence]
        return out

    def to_dict(self) -> dict:
        """Plain JSON: question, sentence, figures (with their text) and comparisons."""
        return {"question": self.question, "sentence": self.sentence,
                "figures": {k: {"key": e.key, **e.to_dict(), "text": fmt.estimate(e)}
                            for k, e in self.figures.items()},
                "comparisons": {k: c.to_dict() for k, c in self.comparisons.items()}}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        text = f"**Answer.** {self.sentence} ({fmt.SE_NOTE}.)"
        return {"text/markdown": text, "text/plain": text, MIME: self.to_dict()}


def answer(question: str, sentence: str, figures: dict | None = None,
           comparisons: dict | None = None) -> Answer:
    """An :class:`Answer`, refused when its sentence does not quote its figures.

    Raises
    ------
    ValueError
        Naming each figure or comparison the sentence does not quote as formatted.
    """
    result = Answer(question, sentence, dict(figures or {}), dict(comparisons or {}))
    problems = result.problems()
    if problems:
        raise ValueError("; ".join(problems))
    return result


def estimate_from_dict(data: dict) -> Estimate:
    """An :class:`Estimate` read back from :meth:`Answer.to_dict`'s figures."""
    return Estimate.from_dict(data["key"], data)
