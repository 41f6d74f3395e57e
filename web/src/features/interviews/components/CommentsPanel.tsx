import { LoaderCircleIcon, MessageSquareIcon, StarIcon } from 'lucide-react'
import { useState, type SubmitEvent } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { displayName } from '@/features/session/present'
import { UserAvatar } from '@/features/session/UserAvatar'
import { ApiError } from '@/lib/api'
import { cn } from '@/lib/utils'

import { mapFieldErrors, type FieldErrors } from '../formErrors'
import type { Comment } from '../schema'
import { formatDateTime } from '../time'
import { useAddComment, useComments } from '../useComments'
import { FormField as Field } from '@/components/FormField'
import { fieldErrorId, sentence } from '@/lib/forms'

const RATINGS = [1, 2, 3, 4, 5] as const
const ratingLabels: Record<number, string> = { 1: 'Poor', 2: 'Weak', 3: 'Fair', 4: 'Good', 5: 'Excellent' }

type CommentField = 'content' | 'rating'

/**
 * Interviewers' and admins' notes with a 1–5 rating. Render it only for them: it requests the comments, which
 * candidates may not see (403).
 */
export function CommentsPanel({ interviewId }: { interviewId: string }) {
  const comments = useComments(interviewId, true)

  let list
  if (comments.data) {
    list =
      comments.data.comments.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="comments-empty">
          No comments yet. Add how the candidate did and a rating; candidates never see them.
        </p>
      ) : (
        <ul className="space-y-4">
          {comments.data.comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} />
          ))}
        </ul>
      )
  } else if (comments.isError) {
    list = <ErrorState error={comments.error} onRetry={() => void comments.refetch()} retrying={comments.isFetching} />
  } else {
    list = <Skeleton className="h-20 w-full" />
  }

  return (
    <Card data-testid="comments">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <MessageSquareIcon className="size-4" />
          Comments
        </CardTitle>
        <CardDescription>Visible to interviewers and admins only.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {list}
        <CommentForm interviewId={interviewId} />
      </CardContent>
    </Card>
  )
}

function Stars({ rating, className }: { rating: number; className?: string }) {
  return (
    <span className={cn('flex items-center gap-0.5', className)} aria-label={`Rating ${rating} of 5`} data-rating={rating}>
      {RATINGS.map((n) => (
        <StarIcon
          key={n}
          aria-hidden="true"
          className={cn('size-3.5', n <= rating ? 'fill-amber-400 text-amber-400' : 'text-muted-foreground/40')}
        />
      ))}
    </span>
  )
}

function CommentItem({ comment }: { comment: Comment }) {
  return (
    <li className="flex gap-3" data-testid="comment" data-id={comment.id}>
      <UserAvatar user={comment.author} className="size-8" />
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="font-medium">{displayName(comment.author)}</span>
          <Stars rating={comment.rating} />
          <span className="text-xs text-muted-foreground">{formatDateTime(comment.createdAt)}</span>
        </div>
        <p className="text-sm whitespace-pre-wrap" data-testid="comment-text">
          {comment.content}
        </p>
      </div>
    </li>
  )
}

function CommentForm({ interviewId }: { interviewId: string }) {
  const add = useAddComment(interviewId)
  const [content, setContent] = useState('')
  const [rating, setRating] = useState(0)
  const [errors, setErrors] = useState<FieldErrors<CommentField>>({})
  const [formError, setFormError] = useState<string | null>(null)

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault()
    setFormError(null)
    const local: FieldErrors<CommentField> = {}
    if (!content.trim()) local.content = 'Write a comment'
    if (rating < 1) local.rating = 'Choose a rating from 1 to 5'
    setErrors(local)
    if (Object.keys(local).length > 0) return
    add.mutate(
      { content: content.trim(), rating },
      {
        onSuccess: () => {
          setContent('')
          setRating(0)
        },
        onError: (err) => {
          const { byField, other } = mapFieldErrors<CommentField>(
            err instanceof ApiError ? err.fields : undefined,
            ['content', 'rating'],
          )
          setErrors(byField)
          if (Object.keys(byField).length === 0 || other.length > 0) setFormError([err.message, ...other].join(' · '))
        },
      },
    )
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4 border-t pt-5" data-testid="comment-form">
      <Field name="content" label="Your comment" htmlFor="comment-content-input" error={errors.content}>
        <Textarea
          id="comment-content-input"
          value={content}
          rows={3}
          placeholder="Strengths, concerns, how they approached the problem…"
          aria-invalid={errors.content ? true : undefined}
          aria-describedby={errors.content ? fieldErrorId('content') : undefined}
          data-testid="comment-content"
          onChange={(event) => {
            setContent(event.target.value)
            setErrors((current) => ({ ...current, content: undefined }))
          }}
        />
      </Field>
      <Field name="rating" label="Rating" error={errors.rating}>
        <div className="flex items-center gap-1" role="radiogroup" aria-label="Rating">
          {RATINGS.map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={rating === n}
              aria-label={`${n} of 5: ${ratingLabels[n] ?? ''}`}
              title={ratingLabels[n]}
              data-testid={`comment-rating-${n}`}
              className="rounded-sm p-0.5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              onClick={() => {
                setRating(n)
                setErrors((current) => ({ ...current, rating: undefined }))
              }}
            >
              <StarIcon
                className={cn('size-6 transition-colors', n <= rating ? 'fill-amber-400 text-amber-400' : 'text-muted-foreground/50')}
              />
            </button>
          ))}
          {rating > 0 ? <span className="ml-2 text-sm text-muted-foreground">{ratingLabels[rating]}</span> : null}
        </div>
      </Field>
      {formError ? (
        <p className="text-sm text-destructive" role="alert" data-testid="comment-error">
          {sentence(formError)}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={add.isPending} data-testid="comment-submit">
          {add.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
          Add comment
        </Button>
      </div>
    </form>
  )
}
