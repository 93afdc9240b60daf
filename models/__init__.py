"""The recipe of the runtime models: training, evaluation and conversion scripts.

Not part of the installed package (the trained models themselves ship in ``analysis/assets``).
Run the scripts as modules from the repository root, e.g. ``python -m models.train --help``;
see ``models/README.md``.
"""
