"""The Lab's default scenario: a small image (config, a web page, a data folder that is a VOLUME),
a few host files for bind mounts, and one running container to play with."""
from __future__ import annotations

from simulator.run import Scenario, load_text

# Kept here rather than in simulator/course/data/scenarios/, whose every file is a course story with a golden
# state document; this one is only a sandbox.
PLAYGROUND = """\
title: Layer Lab playground
seed: 1
images:
  app:
    layers:
      - created_by: "ADD rootfs.tar /"
        files:
          /etc/app.conf: "port=80\\n"
          /etc/motd: "Welcome to the lab\\n"
      - created_by: "COPY site /srv/www"
        files:
          /srv/www/index.html: "<h1>Hello from the image</h1>\\n"
          /srv/www/style.css: "h1 { color: teal }\\n"
      - created_by: "COPY data /app/data"
        files:
          /app/data/seed.txt: "first row\\n"
          /app/config.yaml: "debug: false\\n"
    volumes: [/app/data]
host:
  /home/student/site/index.html: "<h1>Hello from the host</h1>\\n"
  /home/student/notes.txt: "my notes\\n"
steps:
  - docker run -d --name web app
"""


def default_scenario() -> Scenario:
    return load_text(PLAYGROUND)
