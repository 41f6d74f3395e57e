import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'
import { z } from 'zod'

import { api } from '@/lib/api'

import { recordingKeys } from './keys'
import { recordingListSchema, recordingSchema, recordingSettingsSchema, type RecordingList } from './schema'

function interviewUrl(interviewId: string): string {
  return `/api/interviews/${encodeURIComponent(interviewId)}`
}

/** An empty 204 answer. */
const noContent = z.unknown()

/**
 * GET /api/interviews/{id}/recordings, newest first. Candidates get 403 and must never ask: callers pass
 * `enabled` from the viewer's relation to the interview (as for comments). The live topic `recordings:<id>`
 * refetches it on every change, progress included.
 */
export function useRecordings(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: recordingKeys.list(interviewId),
    queryFn: ({ signal }) => api.get(`${interviewUrl(interviewId)}/recordings`, recordingListSchema, { signal }),
    enabled,
  })
}

/**
 * POST /api/interviews/{id}/recordings: starts recording the running call (owner, admin). 409 when one is
 * already recording or no call is running. The room's metadata then tells everyone in the call.
 */
export function useStartRecording(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post(`${interviewUrl(interviewId)}/recordings`, recordingSchema, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: recordingKeys.all(interviewId) }),
  })
}

/** POST /api/interviews/{id}/recordings/stop (owner, admin); 409 when nothing is being recorded. */
export function useStopRecording(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post(`${interviewUrl(interviewId)}/recordings/stop`, recordingSchema, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: recordingKeys.all(interviewId) }),
  })
}

/**
 * PUT /api/interviews/{id}/recording-settings {autoRecord} (owner, admin). The list shows the new value at once
 * and goes back to the old one if the server refuses.
 */
export function useAutoRecord(interviewId: string) {
  const queryClient = useQueryClient()
  const key = recordingKeys.list(interviewId)
  return useMutation({
    mutationFn: (autoRecord: boolean) =>
      api.put(`${interviewUrl(interviewId)}/recording-settings`, recordingSettingsSchema, { autoRecord }),
    onMutate: async (autoRecord) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData<RecordingList>(key)
      if (previous) queryClient.setQueryData<RecordingList>(key, { ...previous, autoRecord })
      return { previous }
    },
    onSuccess: (settings) => {
      queryClient.setQueryData<RecordingList>(key, (list) => (list ? { ...list, autoRecord: settings.autoRecord } : list))
    },
    onError: (err, _autoRecord, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
      toast.error('Could not change automatic recording', { description: err.message })
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: recordingKeys.all(interviewId) }),
  })
}

/** DELETE /api/recordings/{id} (admins): the file and its tracks are gone for good. */
export function useDeleteRecording(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (recordingId: string) => api.delete(`/api/recordings/${encodeURIComponent(recordingId)}`, noContent),
    onSuccess: (_body, recordingId) => {
      queryClient.setQueryData<RecordingList>(recordingKeys.list(interviewId), (list) =>
        list ? { ...list, recordings: list.recordings.filter((recording) => recording.id !== recordingId) } : list,
      )
      toast.success('Recording deleted')
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: recordingKeys.all(interviewId) }),
  })
}
