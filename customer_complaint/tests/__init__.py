from . import test_complaint_flow
from . import test_complaint_security
from . import test_smart_buttons
from . import test_review_intake
from . import test_assignment
from . import test_deadlines
from . import test_escalation
from . import test_work_rules
