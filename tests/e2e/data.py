"""The rows the journeys work on: the project's demo data (``core.demo_loader.load_demo``, the
seed articles), and handles to the records the journeys name."""

from dataclasses import dataclass

from agencies.models import Agency
from core.demo_loader import load_demo
from programs.models import Program

PROGRAM_90 = "90-CTr/BDVTW-BCSĐBNG"
MOFA = "Bộ Ngoại giao"


@dataclass
class Demo:
    program_90: Program
    mofa: Agency
    #: The agencies that signed 90-CTr, in signing order.
    parties: list[Agency]


def load() -> Demo:
    load_demo()
    program = Program.objects.by_identifier(PROGRAM_90).get()
    parties = [s.agency for s in program.signatories.select_related("agency").order_by("order")]
    return Demo(program_90=program, mofa=Agency.objects.get(name=MOFA), parties=parties)
