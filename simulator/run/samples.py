"""Synthetic scenarios for trying the simulator at scale (benchmarks, tests, curious teachers)."""
from __future__ import annotations


def large_image(n_layers: int, n_files: int, name: str = "img") -> dict:
    """A scenario with one image of `n_layers` layers holding `n_files` files in all, spread
    over 200 folders (plus /etc/app.conf in the bottom layer)."""
    per = n_files // n_layers
    layers = []
    for i in range(n_layers):
        files = {f"/d{(i * per + k) % 200}/f{i}_{k}.txt": f"layer {i} file {k}\n" for k in range(per)}
        if i == 0:
            files["/etc/app.conf"] = "port=80\n"
        layers.append({"created_by": f"RUN step {i}", "files": files})
    return {"images": {name: {"layers": layers}}}
