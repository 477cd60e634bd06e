"""The course: notebook lessons (`Lesson`: a scenario run command by command, each step told in
sentences and shown as a picture), exercises (`exercises`: predict-then-check and reach-the-goal,
with checks a notebook and a teacher's grading call alike), the shipped course files (`files`),
grading a folder of handed-in sessions (`grading`) and a student's copy of the course (`handout`).
"""
from simulator.course import exercises, files, grading, handout
from simulator.course.exercises import CheckResult, Exercise, ExerciseError
from simulator.course.exercises import load as load_exercise
from simulator.course.files import notebooks_dir, scenarios_dir
from simulator.course.grading import grade_folder, handed_in
from simulator.course.handout import KEPT, copy_course
from simulator.course.lesson import Lesson, Text, scenario_path

__all__ = ["KEPT", "CheckResult", "Exercise", "ExerciseError", "Lesson", "Text", "copy_course", "exercises", "files",
           "grade_folder", "grading", "handed_in", "handout", "load_exercise", "notebooks_dir", "scenario_path",
           "scenarios_dir"]
