"""One of the two concurrent escalations, executed inside ``odoo-bin shell``.

Both processes say they are ready (a file in ``CC_STRESS_SYNC``) and wait
for run.py's "go" file, so that their transactions overlap; then escalate,
commit and print what they did. The loser should meet serialization failures
and escalate nothing a second time.
"""

import os
import time
from pathlib import Path

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell

sync = Path(os.environ["CC_STRESS_SYNC"])
env["customer.complaint"].search_count([])  # registry and caches warm
(sync / f"ready{os.environ['CC_STRESS_ID']}").touch()
deadline = time.monotonic() + 180
while not (sync / "go").exists() and time.monotonic() < deadline:
    time.sleep(0.005)
try:
    began = time.time()
    escalated = env["customer.complaint"]._escalate_overdue()
    env.cr.commit()
    print(
        f"STRESS_ESCALATED {escalated} "
        f"(from {began % 100:.2f} to {time.time() % 100:.2f})"
    )
except Exception as error:  # noqa: BLE001 - reported to run.py
    env.cr.rollback()
    print(f"STRESS_ESCALATE_FAILED {type(error).__name__}: {error}")
