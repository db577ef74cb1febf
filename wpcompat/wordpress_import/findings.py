"""What an import could not map (problems: the import refuses) and what it set aside on purpose (notes)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Finding:
    table: str  # the WordPress table without its prefix ("bkntc_appointments", "usermeta", "options")
    row_id: int | str | None  # the row's id (an option's or meta's name where that is the key), or None
    column: str | None
    why: str

    def __str__(self) -> str:
        where = self.table + (f" #{self.row_id}" if self.row_id is not None else "")
        return f"{where}{f'.{self.column}' if self.column else ''}: {self.why}"


class Unmappable(ValueError):
    """A value that cannot be read or mapped; readers catch it per row and record it as a problem."""

    def __init__(self, table: str, row_id: int | str | None, column: str | None, why: str) -> None:
        super().__init__(why)
        self.finding = Finding(table, row_id, column, why)


@dataclass
class Findings:
    problems: list[Finding] = field(default_factory=list)  # rows that cannot be mapped: a real run refuses
    notes: list[Finding] = field(default_factory=list)  # read, and deliberately not imported (named in the docs)

    def problem(self, table: str, row_id: int | str | None, column: str | None, why: str) -> None:
        self.problems.append(Finding(table, row_id, column, why))

    def note(self, table: str, row_id: int | str | None, column: str | None, why: str) -> None:
        self.notes.append(Finding(table, row_id, column, why))

    def add(self, error: Unmappable) -> None:
        self.problems.append(error.finding)

    def as_dict(self) -> dict:
        return {"problems": [asdict(f) for f in self.problems], "notes": [asdict(f) for f in self.notes]}
