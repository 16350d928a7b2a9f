"""Step 6: the action plan — the codebook's countermeasures for the vital few reasons, as a table to edit."""

from __future__ import annotations

import io

import pandas as pd

from analysis.codebook import Codebook

COLUMNS = ["reason", "share", "countermeasure", "owner", "due", "expected_effect"]


def action_plan(pareto: pd.DataFrame, codebook: Codebook, lang: str = "zh") -> pd.DataFrame:
    """One row per countermeasure of each vital-few reason (Pareto order); owner and due date left to fill in.

    `expected_effect` starts as a target worded from the reason's current share, for the owner to sharpen.
    """
    rows = []
    for _, line in pareto[pareto["vital_few"]].iterrows():
        try:
            reason = codebook.reason(line["reason"])
        except KeyError:
            continue  # a reason the codebook no longer has: nothing to propose
        name, share = reason.name(lang), float(line["share"])
        effect = (f"降低因“{name}”流失的占比（当前 {share:.0%}）" if lang == "zh"
                  else f"Lower the share leaving for {name} (now {share:.0%})")
        for measure in reason.countermeasures:
            rows.append({"reason": name, "share": share, "countermeasure": measure, "owner": "", "due": "",
                         "expected_effect": effect})
    return pd.DataFrame(rows, columns=COLUMNS)


def plan_xlsx(plan: pd.DataFrame, sheet: str = "action_plan") -> bytes:
    """The (edited) plan as an Excel workbook."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plan.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()
