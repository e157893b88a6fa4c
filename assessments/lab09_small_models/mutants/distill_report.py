from labkit.small import LogisticStudent, hashed_bow, report_distillation


def distill_report(teacher_labels, teacher_test_labels):
    student = LogisticStudent().fit(hashed_bow(TRANSFER_TEXTS), teacher_labels)
    predicted = student.predict(hashed_bow(TEST_TEXTS))
    report = report_distillation(teacher_test_labels, predicted, TEST_GOLD)
    # Plausible mistake: the student is scored against the teacher's labels, so agreement is reported as accuracy.
    return {"teacher_accuracy": round(report.teacher.value, 3),
            "student_accuracy": round(report.agreement.value, 3),
            "agreement": round(report.agreement.value, 3),
            "student_interval": [round(x, 3) for x in report.agreement.interval]}
