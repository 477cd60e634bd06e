"""Replay a compose scenario on a real engine (DOCKER_HOST) with Compose 2.26.1 in an 80-column
TTY; the host root is a directory, the project directory is that root (-p from the step)."""
import json, os, re, shutil, subprocess, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
root = sys.argv[2]
shutil.rmtree(root, ignore_errors=True); os.makedirs(root)
for p, spec in (sc.get("host") or {}).items():
    full = root + p.rstrip("/")
    if p.endswith("/"):
        os.makedirs(full, exist_ok=True); continue
    os.makedirs(os.path.dirname(full), exist_ok=True)
    open(full, "w").write(spec if isinstance(spec, str) else spec.get("content", ""))
# images: FROM base + files + VOLUME
for name, img in sc["images"].items():
    ctx = f"{root}.img-{name}"; shutil.rmtree(ctx, ignore_errors=True); os.makedirs(ctx)
    lines = ["FROM base"]
    for layer in img["layers"]:
        for p, spec in layer.get("files", {}).items():
            dst = ctx + "/files" + p
            os.makedirs(os.path.dirname(dst), exist_ok=True); open(dst, "w").write(spec)
    lines.append("COPY files/ /")
    if img.get("volumes"): lines.append("VOLUME " + json.dumps(img["volumes"]))
    lines.append('CMD ["sleep", "2147483647"]')
    open(ctx + "/Dockerfile", "w").write("\n".join(lines) + "\n")
    subprocess.run(["docker", "build", "-q", "--network", "none", "-t", name, ctx], check=True, capture_output=True)
ansi = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
out = []
for step in sc["steps"]:
    if step.startswith("docker compose"):
        m = re.match(r"docker compose -p (\S+) (.*)", step)
        open(f"{root}/compose.yaml", "w").write(sc["compose"][m.group(1)])
        p = subprocess.run(["script", "-qec", f"stty cols 80; {step}", "/dev/null"], cwd=root, capture_output=True, text=True)
        text = ansi.sub("", p.stdout).replace("\r\n", "\n").replace("\r", "\n")
        os.remove(f"{root}/compose.yaml")
        # the last frame only: from the last "[+]" line
        lines = text.split("\n")
        starts = [i for i, l in enumerate(lines) if l.startswith("[+]")]
        if starts:
            last = starts[-1]
            n = int(lines[last].split("/")[-1]) if lines[last].split("/")[-1].isdigit() else 0
            body = [l for l in lines[last + 1:] if l.startswith(" ")]
            rest = [l for l in lines[last + 1:] if l and not l.startswith(" ")]
            text = "\n".join([lines[last]] + body + rest) + "\n"
        out.append({"command": step, "exit_code": p.returncode, "output": text})
    elif step.startswith("docker "):
        p = subprocess.run(step, shell=True, cwd=root, capture_output=True, text=True)
        out.append({"command": step, "exit_code": p.returncode, "stdout": p.stdout, "stderr": p.stderr})
    else:
        cmd = re.sub(r"(?<![\w.])/(?=[a-z])", root + "/", step)
        p = subprocess.run(cmd, shell=True, capture_output=True, text=True)
        out.append({"command": step, "exit_code": p.returncode, "stdout": p.stdout, "stderr": p.stderr})
json.dump({"engine": "dockerd 26.1.5+dfsg1, docker CLI 26.1.5+dfsg1, Docker Compose 2.26.1 (TTY, 80 columns)",
           "steps": out}, sys.stdout, indent=1, ensure_ascii=False)
