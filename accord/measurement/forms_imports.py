"""The upload form of values from a file (M3)."""

from django import forms

from accord.core.uploads import max_upload_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File of values (CSV or XLSX)",
        required=False,  # a missing file is named in the report, like every other problem
        help_text="The template's columns; checked whole before anything is written.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def limit_mb(self) -> int:
        return max_upload_bytes() // (1024 * 1024)
