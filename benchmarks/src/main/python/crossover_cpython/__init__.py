"""The study notes' own programs, measured in CPython, written as JMH-format JSON.

Standard library only, CPython 3.10 or newer. ``python3 -m crossover_cpython --help`` lists the commands;
``crossover run`` drives it like a JMH group and puts its results beside the JVM's in one report.
"""

FORMAT = "crossover-cpython 1"
"""Written as ``jmhVersion`` of every result, so a reader can tell these results from JMH's own."""
