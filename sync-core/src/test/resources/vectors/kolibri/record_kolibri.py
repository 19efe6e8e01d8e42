"""Records what Kolibri 0.17.5 serializes into Morango's Store, for facilitysync's tests.

Run inside an initialised Kolibri home that has generated data (see README.md beside this file):

    KOLIBRI_HOME=... kshell record_kolibri.py OUT_DIR

Adds what `generateuserdata` and `kadmin.py extras/devicestatus` leave out (exam logs and exam attempt
logs, an anonymous content session log, individual syncable exams and lessons, a user with a last login
and demographics), serializes the facility profile into the Store with Morango's own controller, and
writes OUT_DIR/kolibri-models.json (every syncable model's concrete fields as Django declares them) and
OUT_DIR/kolibri-store.json (a few Store rows per model, chosen so that every pattern of null fields that
occurs is represented).
"""
import json
import os
import sys

from django.apps import apps
from django.utils import timezone
from morango.models.core import Store
from morango.models.core import SyncableModel
from morango.sync.controller import MorangoProfileController

PER_MODEL = 4


def syncable_models():
    found = [m for m in apps.get_models()
             if issubclass(m, SyncableModel) and getattr(m, "morango_model_name", None)]
    return sorted(found, key=lambda m: m.morango_model_name)


def default_of(field):
    from django.db.models.fields import NOT_PROVIDED
    if field.default is NOT_PROVIDED:
        return {"none": True}
    if callable(field.default):
        return {"callable": getattr(field.default, "__module__", "") + "." + getattr(field.default, "__name__", repr(field.default))}
    return {"value": field.default}


def describe(model):
    fields = []
    for f in model._meta.concrete_fields:
        if f.attname in model._morango_internal_fields_not_to_serialize:
            continue
        if f.attname in model.morango_fields_not_to_serialize:
            continue
        fields.append({
            "name": f.attname,
            "class": type(f).__module__ + "." + type(f).__name__,
            "null": f.null,
            "blank": f.blank,
            "default": default_of(f),
            "max_length": f.max_length,
            "serialize_to_string": bool(getattr(f, "morango_serialize_to_string", False)),
            "references": (f.related_model._meta.model_name if f.is_relation else None),
            "auto_now": getattr(f, "auto_now", False),
            "auto_now_add": getattr(f, "auto_now_add", False),
        })
    return {
        "morango_model_name": model.morango_model_name,
        "django_model": model._meta.label,
        "dependencies": [m.morango_model_name for m in model.morango_model_dependencies],
        "fields": fields,
    }


def add_missing_records():
    from kolibri.core.auth.models import FacilityUser, Membership
    from kolibri.core.exams.models import ExamAssignment
    from kolibri.core.exams.single_user_assignment_utils import update_individual_syncable_exams_from_assignments
    from kolibri.core.lessons.single_user_assignment_utils import update_individual_syncable_lessons_from_assignments
    from kolibri.core.logger.models import ContentSessionLog, ExamAttemptLog, ExamLog

    assignment = ExamAssignment.objects.filter(exam__active=True).order_by("id").first()
    learner = FacilityUser.objects.filter(
        memberships__collection_id=assignment.collection_id).order_by("id").first()
    now = timezone.now()
    examlog, _ = ExamLog.objects.get_or_create(exam=assignment.exam, user=learner)
    ExamLog.objects.filter(id=examlog.id).update(closed=True, completion_timestamp=now)
    examlog.refresh_from_db()
    examlog.save()
    for i, (answer, correct) in enumerate([({"answer": [{"response": "3"}], "question": "q"}, 1.0), (None, 0.0)]):
        ExamAttemptLog.objects.create(
            examlog=examlog, user=learner if i == 0 else None, dataset_id=learner.dataset_id,
            item="item{}:{}".format(i, assignment.exam_id[:8]), content_id=assignment.exam_id,
            start_timestamp=now, end_timestamp=now, completion_timestamp=now if i == 0 else None,
            time_spent=12.5 * (i + 1), complete=(i == 0), correct=correct, hinted=(i == 1), answer=answer,
            simple_answer="3" if i == 0 else "", interaction_history=[{"type": "answer", "correct": correct}])
    ContentSessionLog.objects.create(
        user=None, dataset_id=learner.dataset_id, content_id=assignment.exam_id, channel_id=None,
        visitor_id="0123456789abcdef0123456789abcdef", start_timestamp=now, end_timestamp=now,
        time_spent=3.0, progress=0.5, kind="video", extra_fields={})
    for user in FacilityUser.objects.filter(memberships__collection_id=assignment.collection_id).distinct():
        update_individual_syncable_exams_from_assignments(user.id)
        update_individual_syncable_lessons_from_assignments(user.id)
    admin = FacilityUser.objects.filter(roles__kind="admin").order_by("id").first()
    admin.last_login = now
    admin.extra_demographics = {"custom": "value"}
    admin.save()


def null_pattern(serialized):
    return tuple(sorted(k for k, v in json.loads(serialized).items() if v is None or v == "null"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if not Store.objects.filter(model_name="examattemptlog").exists():
        add_missing_records()
    MorangoProfileController("facilitydata").serialize_into_store()
    models = [describe(m) for m in syncable_models()]
    with open(os.path.join(out, "kolibri-models.json"), "w") as f:
        json.dump({"kolibri": __import__("kolibri").__version__,
                   "morango": __import__("morango").__version__, "models": models}, f, indent=1)
    chosen = []
    for model in models:
        name = model["morango_model_name"]
        picked, patterns = [], set()
        candidates = list(Store.objects.filter(profile="facilitydata", model_name=name).order_by("id"))
        for store in candidates:
            pattern = null_pattern(store.serialized)
            if pattern not in patterns:
                patterns.add(pattern)
                picked.append(store)
        for store in candidates:
            if len(picked) >= PER_MODEL:
                break
            if store not in picked:
                picked.append(store)
        chosen.extend(picked)
    # every record a chosen one references comes along, so that the rows deserialize on their own
    references = {m["morango_model_name"]: [f["name"] for f in m["fields"] if f["references"]] for m in models}
    ids = {s.id for s in chosen}
    queue = list(chosen)
    while queue:
        store = queue.pop()
        values = json.loads(store.serialized)
        for field in references[store.model_name]:
            target = values.get(field)
            if target and target not in ids:
                ids.add(target)
                found = Store.objects.get(id=target)
                chosen.append(found)
                queue.append(found)
    order = {m["morango_model_name"]: i for i, m in enumerate(models)}
    chosen.sort(key=lambda s: (order[s.model_name], s.id))
    rows = [{"model_name": s.model_name, "id": s.id, "partition": s.partition, "source_id": s.source_id,
             "_self_ref_fk": s._self_ref_fk, "serialized": s.serialized} for s in chosen]
    with open(os.path.join(out, "kolibri-store.json"), "w") as f:
        json.dump({"rows": rows}, f, indent=1)
    print(json.dumps({"models": len(models), "rows": len(rows)}))


main()
