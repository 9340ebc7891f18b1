"""The upload form of the import page: only the file's kind and size are checked
here; its rows are the importer's business."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="家庭成员表（.xlsx）",
        error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise ValidationError("请上传.xlsx格式的Excel文件（可先下载导入模板）")
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise ValidationError(f"文件不能超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB，请分批导入")
        return upload
