"""Form fields more than one area's forms share."""

from __future__ import annotations

from typing import Any

from wtforms import DateField


class DayMonthYearField(DateField):
    """Day, month and year boxes; all empty means no date, anything else must be a real date."""

    def __init__(self, *args: Any, invalid_message: str = "Enter a real date, like 31 3 2027", **kwargs: Any) -> None:
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist: list[Any]) -> None:
        parts = [str(part).strip() for part in valuelist][:3]
        # The GOV.UK date widget shows back exactly three boxes, so keep three (or none) of what was sent.
        self.raw_data = (parts + ["", "", ""])[:3] if parts else None
        if not "".join(parts):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(parts)])
        except ValueError as error:
            raise ValueError(self.invalid_message) from error
