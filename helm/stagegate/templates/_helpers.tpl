{{/* Chart name. */}}
{{- define "stagegate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release name + chart name, at most 63 characters. */}}
{{- define "stagegate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart label. */}}
{{- define "stagegate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "stagegate.labels" -}}
helm.sh/chart: {{ include "stagegate.chart" . }}
{{ include "stagegate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels. */}}
{{- define "stagegate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stagegate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Service account name. */}}
{{- define "stagegate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stagegate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the database password and the keys: the existing one or the chart's. */}}
{{- define "stagegate.secretName" -}}
{{- if .Values.existingSecret.name }}
{{- .Values.existingSecret.name }}
{{- else }}
{{- include "stagegate.fullname" . }}
{{- end }}
{{- end }}

{{/* Spring profiles: explicit, or derived from the database type. */}}
{{- define "stagegate.springProfiles" -}}
{{- if .Values.springProfilesActive }}
{{- .Values.springProfilesActive }}
{{- else if eq .Values.database.type "postgres" }}
{{- "postgres,prod" }}
{{- else }}
{{- "prod" }}
{{- end }}
{{- end }}

{{/* JDBC URL: required for postgres; for h2 a file in the data volume unless given. */}}
{{- define "stagegate.databaseUrl" -}}
{{- if eq .Values.database.type "postgres" }}
{{- required "database.url is required for database.type=postgres, e.g. jdbc:postgresql://postgres:5432/stagegate" .Values.database.url }}
{{- else }}
{{- default (printf "jdbc:h2:file:%s/stagegate;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256" .Values.dataDir) .Values.database.url }}
{{- end }}
{{- end }}

{{/*
Refuse configurations that cannot work. H2 is a file inside one pod: a second pod would open another database, so
H2 allows exactly one replica and no autoscaling.
*/}}
{{- define "stagegate.validate" -}}
{{- if not (has .Values.database.type (list "postgres" "h2")) }}
{{- fail (printf "database.type must be postgres or h2, not %q" .Values.database.type) }}
{{- end }}
{{- if eq .Values.database.type "h2" }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail (printf "database.type=h2 allows exactly one replica (replicaCount is %d): H2 is a file inside one pod. Use database.type=postgres to run more replicas." (int .Values.replicaCount)) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- fail "database.type=h2 cannot be combined with autoscaling.enabled=true: H2 is a file inside one pod. Use database.type=postgres to scale." }}
{{- end }}
{{- end }}
{{- if and .Values.demoEnabled (contains "prod" (include "stagegate.springProfiles" .)) }}
{{- fail "demoEnabled=true is refused together with the prod profile" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.serviceMonitor.basicAuthSecret.name) }}
{{- fail "metrics.serviceMonitor.basicAuthSecret.name is required: /actuator/prometheus needs authentication" }}
{{- end }}
{{- end }}
