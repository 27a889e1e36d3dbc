"""Write the blind coding packet (docs/coding/packet.yaml): each case's alliance, title, dates, what was asked,
the description of the response and the quoted evidence on it — without the case-level factors and without the
outcome level. Two coders code it independently from docs/coding/codebook-for-coders.md:
python scripts/coding_packet.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

from csto.record.load import load_record, shipped_dir


def main() -> None:
    record = load_record(shipped_dir())
    packet = []
    for case in sorted(record.cases.values(), key=lambda c: (c.alliance, c.start.earliest, c.id)):
        evidence = []
        for cid in case.outcome_claims:
            claim = record.claims[cid]
            if claim.quote:
                source = record.sources[claim.source].title
                evidence.append({"claim": cid, "quote": claim.quote, "source": source})
        packet.append(
            {
                "case": case.id,
                "alliance": record.alliances[case.alliance].name,
                "title": case.title,
                "dates": case.start.edtf + (" – " + case.end.edtf if case.end else ""),
                "requested (default coding)": case.requested,
                "what the alliance did (description)": " ".join(case.response.split()),
                "evidence on the response": evidence,
            }
        )
    out = Path(__file__).parents[1] / "docs" / "coding" / "packet.yaml"
    out.write_text(yaml.safe_dump(packet, allow_unicode=True, sort_keys=False, width=110), "utf-8")
    print(f"wrote {out} ({len(packet)} cases)")


if __name__ == "__main__":
    main()
